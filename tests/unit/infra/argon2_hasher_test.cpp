#include <gtest/gtest.h>

#include "infra/crypto/sodium.hpp"

using namespace matricula::crypto;

namespace {
// Small parameters keep the test fast; the production defaults are checked by value.
constexpr Argon2Params kLight{1, 1u << 20};
}  // namespace

TEST(Argon2Hasher, DefaultsAreTheOwaspArgon2idBaseline) {
  Argon2Params defaults;
  EXPECT_EQ(defaults.ops, 2u);
  EXPECT_EQ(defaults.memory, 19u * 1024u * 1024u);
  Argon2Hasher hasher;
  auto hash = hasher.hash("analytical engine notes");
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << hash;
}

TEST(Argon2Hasher, VerifiesOnlyTheRightPasswordAndSaltsEachHash) {
  Argon2Hasher hasher(kLight);
  auto a = hasher.hash("correct horse");
  auto b = hasher.hash("correct horse");
  EXPECT_NE(a, b);
  EXPECT_TRUE(hasher.verify(a, "correct horse"));
  EXPECT_FALSE(hasher.verify(a, "correct horsE"));
  EXPECT_FALSE(hasher.verify("not a hash", "correct horse"));
  EXPECT_FALSE(hasher.verify(std::string(1000, '$'), "correct horse"));
}

TEST(Argon2Hasher, HashesOfWeakerParametersAskToBeRehashed) {
  Argon2Hasher old_hasher(kLight);
  Argon2Hasher today(Argon2Params{2, 2u << 20});
  auto old_hash = old_hasher.hash("correct horse");
  EXPECT_TRUE(today.verify(old_hash, "correct horse"));  // old hashes still work ...
  EXPECT_TRUE(today.needs_rehash(old_hash));             // ... and are upgraded at the next login
  EXPECT_FALSE(today.needs_rehash(today.hash("correct horse")));
}

TEST(HmacDigest, KeyedAndStable) {
  HmacDigest a(std::string(32, 'a'));
  HmacDigest b(std::string(32, 'b'));
  EXPECT_EQ(a.digest("token"), a.digest("token"));
  EXPECT_NE(a.digest("token"), b.digest("token"));
  EXPECT_EQ(a.digest("token").size(), 64u);
  // HMAC-SHA-256 keyed with SHA-256 of the secret key (Python: hmac.new(sha256(b"a" * 32)
  // .digest(), b"session:abc", sha256)): stored digests stay valid from one release to the next.
  EXPECT_EQ(a.digest("session:abc"), "de60e8de1463eaf8485b60a301f185a5d6b197450ac2287cd6fe978ebcfb0af7");
}

TEST(SodiumRandom, UrlTokensAreLongUniqueAndUrlSafe) {
  SodiumRandom random;
  auto t = random.url_token(32);
  EXPECT_EQ(t.size(), 43u);  // 256 bits in unpadded base64url
  EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
  EXPECT_NE(t, random.url_token(32));
}
