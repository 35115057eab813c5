// The WebSocket origin allow-list (PROTOCOL.md "Fixed", replacing SEED-SPEC §1.3's suffix
// check): whole host names or `*.suffix` on a dot boundary, any port, case-insensitive.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "origin_policy.hpp"

namespace gameserver::net {
namespace {

origin_policy only(std::vector<std::string> allowed) {
    return origin_policy(std::move(allowed), /*allow_missing=*/false, /*allow_all=*/false);
}

TEST(OriginPolicyTest, HostOfParsesTheAuthority) {
    EXPECT_EQ(origin_policy::host_of("https://drdreo.com"), "drdreo.com");
    EXPECT_EQ(origin_policy::host_of("https://A.DrDreo.COM:8443"), "a.drdreo.com");
    EXPECT_EQ(origin_policy::host_of("http://localhost:4200"), "localhost");
    EXPECT_EQ(origin_policy::host_of("http://[::1]:3000"), "::1");
    EXPECT_EQ(origin_policy::host_of("http://127.0.0.1:8080"), "127.0.0.1");
    EXPECT_EQ(origin_policy::host_of("null"), "");
    EXPECT_EQ(origin_policy::host_of(""), "");
    EXPECT_EQ(origin_policy::host_of("not a url"), "");
    EXPECT_EQ(origin_policy::host_of("drdreo.com"), "");
}

TEST(OriginPolicyTest, ExactHostMatch) {
    const auto policy = only({"drdreo.com"});
    EXPECT_TRUE(policy.allows("https://drdreo.com", true));
    EXPECT_TRUE(policy.allows("http://drdreo.com", true));
    EXPECT_FALSE(policy.allows("https://a.drdreo.com", true));  // no implicit subdomains
    EXPECT_FALSE(policy.allows("https://evildrdreo.com", true));
    EXPECT_FALSE(policy.allows("https://drdreo.com.evil.com", true));
    EXPECT_FALSE(policy.allows("https://drdreo.co", true));
}

TEST(OriginPolicyTest, WildcardMatchesOnADotBoundaryOnly) {
    const auto policy = only({"*.drdreo.com"});
    EXPECT_TRUE(policy.allows("https://a.drdreo.com", true));
    EXPECT_TRUE(policy.allows("https://owe-drahn.drdreo.com", true));
    EXPECT_TRUE(policy.allows("https://x.y.drdreo.com", true));
    EXPECT_FALSE(policy.allows("https://drdreo.com", true));
    EXPECT_FALSE(policy.allows("https://evildrdreo.com", true));
    EXPECT_FALSE(policy.allows("https://a.drdreo.com.evil.com", true));
    EXPECT_FALSE(policy.allows("https://.drdreo.com", true));
}

TEST(OriginPolicyTest, BothFormsTogether) {
    const auto policy = only({"drdreo.com", "*.drdreo.com", "localhost"});
    EXPECT_TRUE(policy.allows("https://drdreo.com", true));
    EXPECT_TRUE(policy.allows("https://a.drdreo.com", true));
    EXPECT_TRUE(policy.allows("http://localhost:4200", true));
    EXPECT_FALSE(policy.allows("https://evildrdreo.com", true));
}

TEST(OriginPolicyTest, AnyPortIsAllowed) {
    const auto policy = only({"drdreo.com", "*.drdreo.com"});
    EXPECT_TRUE(policy.allows("https://drdreo.com:8443", true));
    EXPECT_TRUE(policy.allows("https://a.drdreo.com:443", true));
}

TEST(OriginPolicyTest, CaseInsensitive) {
    EXPECT_TRUE(only({"drdreo.com"}).allows("HTTPS://DRDREO.COM", true));
    EXPECT_TRUE(only({"DrDreo.Com"}).allows("https://drdreo.com", true));
    EXPECT_TRUE(only({"*.DRDREO.com"}).allows("https://Owe-Drahn.drdreo.COM", true));
}

TEST(OriginPolicyTest, NullAndGarbageAreRejected) {
    const auto policy = only({"drdreo.com", "*.drdreo.com"});
    EXPECT_FALSE(policy.allows("null", true));  // file:// pages and sandboxed frames
    EXPECT_FALSE(policy.allows("", true));
    EXPECT_FALSE(policy.allows("drdreo.com", true));
    EXPECT_FALSE(policy.allows("https://", true));
    EXPECT_FALSE(policy.allows("://drdreo.com", true));
    EXPECT_FALSE(policy.allows("https://drdreo.com:notaport", true));
    EXPECT_FALSE(policy.allows("not a url at all", true));
    EXPECT_FALSE(policy.allows("https://drdreo.com/path", true));  // an origin has no path
    EXPECT_FALSE(policy.allows("https://drdreo.com?q=1", true));
    EXPECT_FALSE(policy.allows("https://drdreo.com#x", true));
    EXPECT_FALSE(policy.allows(std::string("https://drdreo.com\0x", 20), true));
}

TEST(OriginPolicyTest, MissingOriginFollowsAllowMissing) {
    EXPECT_FALSE(origin_policy({"drdreo.com"}, false, false).allows("", false));
    EXPECT_TRUE(origin_policy({"drdreo.com"}, true, false).allows("", false));
    // allow_missing is about an absent header, not an empty or "null" one.
    EXPECT_FALSE(origin_policy({"drdreo.com"}, true, false).allows("null", true));
}

TEST(OriginPolicyTest, AllowAllAcceptsEverything) {
    const origin_policy policy({}, false, true);
    EXPECT_TRUE(policy.allows("https://anything.example", true));
    EXPECT_TRUE(policy.allows("null", true));
    EXPECT_TRUE(policy.allows("garbage", true));
    EXPECT_TRUE(policy.allows("", false));
}

TEST(OriginPolicyTest, EmptyListRejectsEveryOrigin) {
    EXPECT_FALSE(only({}).allows("https://drdreo.com", true));
    EXPECT_FALSE(only({}).allows("http://localhost", true));
}

TEST(OriginPolicyTest, Ipv6Host) {
    const auto policy = only({"::1"});
    EXPECT_TRUE(policy.allows("http://[::1]:3000", true));
    EXPECT_TRUE(policy.allows("http://[::1]", true));
    EXPECT_FALSE(policy.allows("http://[::2]:3000", true));
    EXPECT_TRUE(only({"127.0.0.1"}).allows("http://127.0.0.1:8080", true));
}

}  // namespace
}  // namespace gameserver::net
