#pragma once
// The text prefilled on a network's share page: the editor's suggestion for that network, else the one for
// all networks, else the post's title.
#include <string>
#include <string_view>

namespace ambassador::tracking {

// `suggested_texts` is the post's JSON object {"all": .., "linkedin": .., "x": .., "facebook": ..};
// malformed JSON or blank entries fall through to the next choice.
std::string suggested_share_text(std::string_view suggested_texts, std::string_view network, std::string_view title);

}  // namespace ambassador::tracking
