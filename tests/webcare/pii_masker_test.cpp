// Personal data (e-mail addresses, phone numbers, IBANs, BSNs) masked before a question is posted into a group
// channel; dates, amounts, postcodes and references stay readable.
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "bot/webcare/pii_masker.hpp"

namespace ambassador::webcare {
namespace {

struct Masking {
  const char* input;
  const char* masked;
};

std::ostream& operator<<(std::ostream& out, const Masking& c) { return out << '"' << c.input << '"'; }

class MaskPersonalData : public ::testing::TestWithParam<Masking> {};

TEST_P(MaskPersonalData, GivesTheMaskedText) {
  EXPECT_EQ(mask_personal_data(GetParam().input).text, GetParam().masked);
}

INSTANTIATE_TEST_SUITE_P(
    Emails, MaskPersonalData,
    ::testing::Values(Masking{"Mail jan.jansen+webcare@mail.example.co.uk graag.", "Mail [email] graag."},
                      Masking{"Mail naar jan@example.nl.", "Mail naar [email]."},
                      Masking{"(jan_de-vries@example.nl)", "([email])"},
                      Masking{"Adres:jan@example.nl, of anders", "Adres:[email], of anders"},
                      Masking{"Twee: a@x.nl,b.c@y.org", "Twee: [email],[email]"},
                      Masking{"...jan@example.nl", "...[email]"}, Masking{"<JAN@EXAMPLE.COM>", "<[email]>"},
                      Masking{"jan%ops@sub-domein.example.nl-", "[email]-"},
                      Masking{"jos\xC3\xA9@example.nl", "[email]"},  // josé
                      Masking{"x@a.nl@b.nl", "[email]@b.nl"}, Masking{"0612345678@example.nl", "[email]"}));

INSTANTIATE_TEST_SUITE_P(NotEmails, MaskPersonalData,
                         ::testing::Values(Masking{"a@b", "a@b"}, Masking{"a@b.", "a@b."},
                                           Masking{"jan@localhost", "jan@localhost"},
                                           Masking{"@example.nl", "@example.nl"}, Masking{"jan@.nl", "jan@.nl"},
                                           Masking{"jan@example.1", "jan@example.1"},
                                           Masking{"jan@example..nl", "jan@example..nl"},
                                           Masking{"@jan op Twitter", "@jan op Twitter"}));

INSTANTIATE_TEST_SUITE_P(
    Phones, MaskPersonalData,
    ::testing::Values(Masking{"Bel 0612345678", "Bel [phone]"}, Masking{"Bel 06-12345678.", "Bel [phone]."},
                      Masking{"06 1234 5678", "[phone]"}, Masking{"06 12 34 56 78", "[phone]"},
                      Masking{"020-1234567", "[phone]"}, Masking{"020 123 4567", "[phone]"},
                      Masking{"020.123.4567", "[phone]"}, Masking{"(020) 123 4567", "[phone]"},
                      Masking{"06 - 12345678", "[phone]"}, Masking{"+31 6 12345678", "[phone]"},
                      Masking{"+31612345678", "[phone]"}, Masking{"+31(0)6-12345678", "[phone]"},
                      Masking{"+31 (0)20 123 4567", "[phone]"}, Masking{"0031612345678", "[phone]"},
                      Masking{"0031 6 12345678", "[phone]"}, Masking{"+44 20 7946 0958", "[phone]"},
                      Masking{"+1 (555) 123-4567", "[phone]"}, Masking{"+32 2 123 45 67", "[phone]"},
                      Masking{"0032 2 123 45 67", "[phone]"}, Masking{"00 44 20 7946 0958 123", "[phone]"},
                      Masking{"tel:0612345678", "tel:[phone]"}, Masking{"(bel 0612345678)", "(bel [phone])"},
                      Masking{"Bel 0612345678 of 020-1234567", "Bel [phone] of [phone]"},
                      // The longest international number that fits takes a group of digits that follows it.
                      Masking{"+31 6 12345678 2026", "[phone]"}, Masking{"+31 6 1234 5678 9012 3456", "[phone] 3456"}));

INSTANTIATE_TEST_SUITE_P(
    LeftAlone, MaskPersonalData,
    ::testing::Values(Masking{"Op 2026-12-06 om 14:30", "Op 2026-12-06 om 14:30"},
                      Masking{"Op 06-12-2026 om 09:30", "Op 06-12-2026 om 09:30"},
                      Masking{"van 06-12-2026 tot 07-12-2026", "van 06-12-2026 tot 07-12-2026"},
                      Masking{"Kosten: \xE2\x82\xAC 1.250,00", "Kosten: \xE2\x82\xAC 1.250,00"},
                      Masking{"\xE2\x82\xAC 0,50 per stuk", "\xE2\x82\xAC 0,50 per stuk"},
                      Masking{"Postcode 1234 AB, huisnummer 12", "Postcode 1234 AB, huisnummer 12"},
                      Masking{"Zie W-2027-0042 en S-2027-0007", "Zie W-2027-0042 en S-2027-0007"},
                      Masking{"Bestelling 123456789 is verzonden", "Bestelling 123456789 is verzonden"},
                      Masking{"In 2027 of 1999", "In 2027 of 1999"},
                      Masking{"06123456789", "06123456789"},  // 11 digits: not a national number
                      Masking{"061234567", "061234567"},      // 9 digits, no valid BSN either
                      Masking{"+31 6 1234", "+31 6 1234"}, Masking{"0031 6 1234", "0031 6 1234"},
                      Masking{"0012345678", "0012345678"},  // "00" and eight digits: too short to be international
                      // Numbers glued behind another: an invoice number, a reference.
                      Masking{"Factuur 2027-0123456789", "Factuur 2027-0123456789"},
                      Masking{"Dossier 12/111222333", "Dossier 12/111222333"},
                      Masking{"ref0612345678", "ref0612345678"}, Masking{"0612345678abc", "0612345678abc"},
                      Masking{"12:30-13:45", "12:30-13:45"}, Masking{"192.168.0.1", "192.168.0.1"}, Masking{"", ""}));

INSTANTIATE_TEST_SUITE_P(
    Ibans, MaskPersonalData,
    ::testing::Values(
        Masking{"IBAN: NL91 ABNA 0417 1643 00, graag", "IBAN: [iban], graag"}, Masking{"nl91abna0417164300", "[iban]"},
        Masking{"NL91ABNA0417164300.", "[iban]."}, Masking{"DE89 3704 0044 0532 0130 00", "[iban]"},
        Masking{"BE68 5390 0754 7034 en verder", "[iban] en verder"},
        Masking{"BE68539007547034 en verder", "[iban] en verder"}, Masking{"GB82 WEST 1234 5698 7654 32", "[iban]"},
        // A wrong checksum, a longer word, a broken grouping: not IBANs.
        Masking{"NL91 ABNA 0417 1643 01", "NL91 ABNA 0417 1643 01"},
        Masking{"NL91ABNA0417164301", "NL91ABNA0417164301"}, Masking{"XNL91ABNA0417164300", "XNL91ABNA0417164300"},
        Masking{"NL91ABNA0417164300X", "NL91ABNA0417164300X"},
        Masking{"NL91 ABN A0417 1643 00", "NL91 ABN A0417 1643 00"},
        Masking{"NL91ABNA0417164301 of 0612345678", "NL91ABNA0417164301 of [phone]"}));

INSTANTIATE_TEST_SUITE_P(Bsns, MaskPersonalData,
                         ::testing::Values(Masking{"BSN 111222333.", "BSN [bsn]."},
                                           Masking{"bsn: 123456782", "bsn: [bsn]"}, Masking{"123.456.782", "[bsn]"},
                                           Masking{"1234.56.782", "[bsn]"},
                                           Masking{"111222334", "111222334"},      // fails the 11-test
                                           Masking{"1112223330", "1112223330"},    // ten digits
                                           Masking{"x111222333", "x111222333"},    // part of a word
                                           Masking{"111222333-1", "111222333-1"},  // part of a longer number
                                           Masking{"12.345.6782", "12.345.6782"},  // not a BSN grouping
                                           Masking{"123.456.782.1", "123.456.782.1"},
                                           Masking{"000000000", "000000000"}));

INSTANTIATE_TEST_SUITE_P(InvalidUtf8AroundMatches, MaskPersonalData,
                         ::testing::Values(Masking{"\xFF"
                                                   "0612345678\xC3",
                                                   "\xFF[phone]\xC3"},
                                           Masking{"\xC3\xA9 jan@example.nl \xC3\xBC", "\xC3\xA9 [email] \xC3\xBC"},
                                           Masking{"\xE2\x80\x9Cjan@example.nl\xE2\x80\x9D",
                                                   "\xE2\x80\x9C[email]\xE2\x80\x9D"},
                                           Masking{"\x80\x80jan@example.nl", "\x80\x80[email]"},
                                           Masking{"\xC3jan@example.nl", "\xC3[email]"},
                                           Masking{"\xED\xA0\x80"
                                                   "111222333\xF0\x9F",
                                                   "\xED\xA0\x80[bsn]\xF0\x9F"},
                                           Masking{"\xE2\x82\xAC"
                                                   "NL91ABNA0417164300",
                                                   "\xE2\x82\xAC[iban]"}));

TEST(MaskPersonalData, CountsEachKindInMixedText) {
  const auto result = mask_personal_data(
      "Ik ben Jan (jan@example.nl, 06-12345678 of +31 20 123 4567), BSN 111222333, rekening NL91ABNA0417164300, "
      "vraag W-2027-0042 van 2026-12-06.");
  EXPECT_EQ(result.text,
            "Ik ben Jan ([email], [phone] of [phone]), BSN [bsn], rekening [iban], vraag W-2027-0042 van 2026-12-06.");
  EXPECT_EQ(result.emails, 1);
  EXPECT_EQ(result.phones, 2);
  EXPECT_EQ(result.bsns, 1);
  EXPECT_EQ(result.ibans, 1);
  EXPECT_TRUE(result.masked());
}

TEST(MaskPersonalData, TextWithoutPersonalDataIsUnchangedAndNotMasked) {
  const auto result = mask_personal_data("Wanneer is het gemeentehuis open op 24-12-2026?");
  EXPECT_EQ(result.text, "Wanneer is het gemeentehuis open op 24-12-2026?");
  EXPECT_FALSE(result.masked());
}

TEST(MaskPersonalData, ReturnsOnLongRunsOfDigitsAndSeparators) {
  std::string digits;
  std::string separated;
  std::string ats;
  while (digits.size() < 100 * 1024) {
    digits += "0123456789";
    separated += "06-1 (0)+00 .";
    ats += "a@b.";
  }
  EXPECT_EQ(mask_personal_data(digits).text, digits);
  EXPECT_FALSE(mask_personal_data(separated).text.empty());
  EXPECT_FALSE(mask_personal_data(ats).text.empty());
}

struct Bsn {
  const char* digits;
  bool valid;
};

std::ostream& operator<<(std::ostream& out, const Bsn& c) { return out << '"' << c.digits << '"'; }

class BsnElfproef : public ::testing::TestWithParam<Bsn> {};

TEST_P(BsnElfproef, Decides) { EXPECT_EQ(is_valid_bsn(GetParam().digits), GetParam().valid); }

INSTANTIATE_TEST_SUITE_P(Cases, BsnElfproef,
                         ::testing::Values(Bsn{"111222333", true}, Bsn{"123456782", true}, Bsn{"999999990", true},
                                           Bsn{"123456789", false}, Bsn{"111222334", false}, Bsn{"000000000", false},
                                           Bsn{"000000009", false}, Bsn{"12345678", false}, Bsn{"1234567820", false},
                                           Bsn{"12345678a", false}, Bsn{"123.456.782", false}, Bsn{"", false}));

struct Iban {
  const char* compact;
  bool valid;
};

std::ostream& operator<<(std::ostream& out, const Iban& c) { return out << '"' << c.compact << '"'; }

class IbanChecksum : public ::testing::TestWithParam<Iban> {};

TEST_P(IbanChecksum, Decides) { EXPECT_EQ(is_valid_iban(GetParam().compact), GetParam().valid); }

INSTANTIATE_TEST_SUITE_P(Cases, IbanChecksum,
                         ::testing::Values(Iban{"NL91ABNA0417164300", true}, Iban{"nl91abna0417164300", true},
                                           Iban{"DE89370400440532013000", true}, Iban{"BE68539007547034", true},
                                           Iban{"GB82WEST12345698765432", true}, Iban{"NO9386011117947", true},
                                           Iban{"NL91ABNA0417164301", false}, Iban{"NL19ABNA0417164300", false},
                                           Iban{"NL91 ABNA 0417 1643 00", false}, Iban{"NL91ABNA", false},
                                           Iban{"1291ABNA0417164300", false}, Iban{"NLA1ABNA0417164300", false},
                                           Iban{"NL91ABNA04171643000000000000000000000", false}, Iban{"", false}));

}  // namespace
}  // namespace ambassador::webcare
