// Kept argon2 working memory: the same results as libsodium on fresh memory, never more areas
// than hashes at once, and every other mapping left to the kernel.
#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/mman.h>

#include <array>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "infra/crypto/sodium.hpp"

using namespace matricula::crypto;

namespace {

constexpr Argon2Params kLight{1, 2u << 20};

std::array<unsigned char, 32> derive(const std::string& password) {
  std::array<unsigned char, 32> key{};
  const unsigned char salt[crypto_pwhash_SALTBYTES] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  EXPECT_EQ(crypto_pwhash(key.data(), key.size(), password.data(), password.size(), salt, kLight.ops, kLight.memory,
                          crypto_pwhash_ALG_ARGON2ID13),
            0);
  return key;
}

}  // namespace

TEST(Argon2Memory, KeptMemoryGivesTheSameKeysAsFreshMemory) {
  init_sodium();
  auto fresh = derive("correct horse");
  Argon2Memory memory;
  {
    Argon2Memory::Loan loan(memory);
    EXPECT_EQ(derive("correct horse"), fresh);
  }
  {
    Argon2Memory::Loan loan(memory);
    EXPECT_NE(derive("battery staple"), fresh);  // the area now holds another hash's blocks ...
  }
  {
    Argon2Memory::Loan loan(memory);
    EXPECT_EQ(derive("correct horse"), fresh);  // ... which do not leak into the next one
  }
  EXPECT_EQ(memory.areas_made(), 1u);
}

TEST(Argon2Memory, ALoanServesOneArgon2MappingAndLeavesTheRestToTheKernel) {
  Argon2Memory memory;
  const std::size_t size = 2u << 20;
  void* area = nullptr;
  {
    Argon2Memory::Loan loan(memory);
    area = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    ASSERT_NE(area, MAP_FAILED);
    static_cast<char*>(area)[size - 1] = 1;
    void* second = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);  // area is lent
    ASSERT_NE(second, MAP_FAILED);
    EXPECT_NE(second, area);
    EXPECT_EQ(munmap(second, size), 0);
    void* small = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);  // too small
    ASSERT_NE(small, MAP_FAILED);
    EXPECT_NE(small, area);
    EXPECT_EQ(munmap(small, 4096), 0);
    EXPECT_EQ(munmap(area, size), 0);  // given back, not unmapped
  }
  {
    Argon2Memory::Loan loan(memory);
    void* again = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT_EQ(again, area);
    EXPECT_EQ(static_cast<char*>(again)[size - 1], 1);  // the same pages, still mapped
    EXPECT_EQ(munmap(again, size), 0);
  }
  void* outside = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(outside, MAP_FAILED);
  EXPECT_NE(outside, area);  // without a loan: the kernel's
  EXPECT_EQ(munmap(outside, size), 0);
  EXPECT_EQ(memory.areas_made(), 1u);
}

TEST(Argon2Hasher, KeepsAtMostOneWorkingAreaPerConcurrentHash) {
  Argon2Hasher hasher(kLight, 2);
  EXPECT_EQ(hasher.memory_areas(), 0u);  // the start-up hash keeps nothing: an idle server stays small
  std::string plain(crypto_pwhash_STRBYTES, '\0');
  ASSERT_EQ(crypto_pwhash_str_alg(plain.data(), "tea", 3, kLight.ops, kLight.memory, crypto_pwhash_ALG_ARGON2ID13), 0);
  plain.resize(plain.find('\0'));
  std::vector<std::thread> threads;
  std::atomic<int> right{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 3; ++i) {
        auto mine = hasher.hash("tea " + std::to_string(i));
        right += hasher.verify(mine, "tea " + std::to_string(i)) && !hasher.verify(mine, "coffee") &&
                 hasher.verify(plain, "tea") &&
                 crypto_pwhash_str_verify(mine.c_str(), ("tea " + std::to_string(i)).c_str(), 5) == 0;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(right.load(), 12);
  EXPECT_GE(hasher.memory_areas(), 1u);
  EXPECT_LE(hasher.memory_areas(), 2u);
}
