#pragma once
// The two URLs a tracked link leads to: the post's page with UTM parameters (where a click lands) and a
// network's share page with the tracked link filled in (where an ambassador's "share" tap lands).
// Share-page formats: /work/shared/platforms.md, "Share intents".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ambassador::tracking {

// `link_url` with utm_source=<network>, utm_medium=ambassador, utm_campaign=post-<post_id> and
// utm_content=ambassador-<ambassador_id> set (replacing any the editor put there); other query parameters
// and the fragment are kept. `ambassador_id` 0 (a link tied to nobody) sets no utm_content. A link that is
// not a valid absolute URI is returned unchanged.
std::string with_utm(std::string_view link_url, std::string_view network, std::int64_t post_id,
                     std::int64_t ambassador_id);

// The network's share page for `tracked_url`: LinkedIn and Facebook take only the URL; X also gets `text`
// prefilled (omitted when empty). Any other network: `tracked_url` itself.
std::string share_intent_url(std::string_view network, std::string_view tracked_url, std::string_view text);

// "linkedin", "x" (also "twitter") or "facebook", case-insensitive, as the canonical name; else nothing.
std::optional<std::string> network_from_string(std::string_view text);

// Percent-encodes everything but RFC 3986 unreserved characters (so '&', '=', '+', '#' and spaces are safe
// inside a query value).
std::string percent_encode(std::string_view text);

}  // namespace ambassador::tracking
