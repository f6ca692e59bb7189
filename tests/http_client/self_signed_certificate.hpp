#pragma once
// A throwaway self-signed certificate for TLS tests, made at test time so no key material lives in the repo.
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "fake_http_server.hpp"

namespace ambassador::testing {

namespace detail {
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertificateFree {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
struct ExtensionFree {
  void operator()(X509_EXTENSION* extension) const { X509_EXTENSION_free(extension); }
};

inline void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("self-signed certificate: ") + what);
}

template <typename Write>
std::string to_pem(Write write) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  check(bio && write(bio.get()) == 1, "PEM encoding failed");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}
}  // namespace detail

// A P-256 key and a certificate for CN=localhost with the given subjectAltName, valid from an hour ago for a day.
inline FakeTlsIdentity make_self_signed_identity(const std::string& subject_alt_names = "DNS:localhost,IP:127.0.0.1") {
  using namespace detail;
  std::unique_ptr<EVP_PKEY, KeyFree> key(EVP_EC_gen("P-256"));
  check(key != nullptr, "key generation failed");
  std::unique_ptr<X509, CertificateFree> certificate(X509_new());
  check(certificate != nullptr, "X509_new failed");
  check(X509_set_version(certificate.get(), 2) == 1, "version");
  check(ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), 1) == 1, "serial");
  check(X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600) != nullptr, "notBefore");
  check(X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 24 * 3600) != nullptr, "notAfter");
  check(X509_set_pubkey(certificate.get(), key.get()) == 1, "public key");
  X509_NAME* name = X509_get_subject_name(certificate.get());
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1,
                                   -1, 0) == 1,
        "subject");
  check(X509_set_issuer_name(certificate.get(), name) == 1, "issuer");
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate.get(), certificate.get(), nullptr, nullptr, 0);
  for (const auto& [nid, value] : {std::pair<int, std::string>{NID_subject_alt_name, subject_alt_names},
                                   std::pair<int, std::string>{NID_basic_constraints, "critical,CA:TRUE"}}) {
    std::unique_ptr<X509_EXTENSION, ExtensionFree> extension(
        X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
    check(extension != nullptr && X509_add_ext(certificate.get(), extension.get(), -1) == 1, "extension");
  }
  check(X509_sign(certificate.get(), key.get(), EVP_sha256()) > 0, "signing failed");
  FakeTlsIdentity identity;
  identity.certificate_pem = to_pem([&](BIO* bio) { return PEM_write_bio_X509(bio, certificate.get()); });
  identity.private_key_pem =
      to_pem([&](BIO* bio) { return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr); });
  return identity;
}

}  // namespace ambassador::testing
