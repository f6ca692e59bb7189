#pragma once
// The public side of tracked links:
//   GET /s/{token}  an ambassador's "share on <network>" tap: logs a share (source link_opened) and redirects
//                   to the network's share page with {public_base_url}/r/{token} (X: suggested text prefilled).
//   GET /r/{token}  a click by someone in the ambassador's network: logs the click and redirects to the post's
//                   page with UTM parameters.
// HEAD requests, link-preview robots and a visitor's further clicks on a link within a minute get the same redirect
// without being counted; an unknown token gets
// a small 404 page and nothing is logged. Redirects come from an in-memory cache and never wait for a write.
#include <string>
#include <vector>

#include "bot/clock.hpp"
#include "bot/http/cidr.hpp"
#include "bot/http/router.hpp"
#include "storage/store.hpp"

namespace ambassador::app {

// `public_base_url`: how people reach this service, e.g. "https://ambassadeurs.example.org" (a trailing '/'
// is ignored). The router's handlers keep `store` and `clock` by reference: both must outlive the router.
// `trusted_proxies`: peers whose X-Forwarded-For names the visitor (http.trusted_proxies); others are the visitor.
void add_tracking_routes(http::Router& router, storage::Store& store, const Clock& clock, std::string public_base_url,
                         std::vector<http::Cidr> trusted_proxies = {});

}  // namespace ambassador::app
