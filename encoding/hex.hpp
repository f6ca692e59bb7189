#pragma once
// Bytes as hexadecimal text, as digests and signatures are written.
#include <span>
#include <string>

namespace ambassador::encoding {

// Two lowercase hex digits per byte, most significant nibble first.
std::string lowercase_hex(std::span<const unsigned char> bytes);

}  // namespace ambassador::encoding
