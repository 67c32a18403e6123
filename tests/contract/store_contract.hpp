#pragma once
// The Store contract's fixture: a freshly migrated database of the parameter's kind ("sqlite"
// or "postgres") behind a SqlStore; "…_cached" reads sessions through a SessionCache
// that only the store's own writes keep in step (no notifications), so every read after a
// write checks that the write dropped what it changed. Its tests are spread over the
// *_contract_test.cpp files by concern and instantiated once, in store_contract_test.cpp.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "contract/databases.hpp"
#include "infra/db/session_cache.hpp"
#include "infra/db/sql_store.hpp"

namespace matricula::testing {

// As long as the hashes the server stores, so that a copy of one would need a buffer of its own.
inline const std::string kRealisticHash =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";

class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    url = fresh_database(kind());
    ASSERT_FALSE(url.empty()) << kNoPostgres;
    ASSERT_FALSE(migrate_to_latest(url, kind()).empty());
    store = std::make_unique<db::SqlStore>(url);
    if (GetParam().ends_with("_cached")) {
      cache = std::make_unique<db::SessionCache>(1000, std::chrono::minutes(1));
      cache->turn_on();
      store->use_session_cache(cache.get());
    }
  }

  std::string kind() const { return GetParam().starts_with("sqlite") ? "sqlite" : "postgres"; }

  UserId add_user(const std::string& email) {
    auto id = store->insert_user({email, "hash", "Ada", "Lovelace", 1000});
    EXPECT_TRUE(id);
    return id.value_or(0);
  }

  Session add_session(const std::string& id_hash, UserId user, const std::string& csrf_token) {
    Session s;
    s.id_hash = id_hash;
    s.user_id = user;
    s.csrf_token = csrf_token;
    store->insert_session(s);
    return s;
  }

  std::string url;
  std::unique_ptr<db::SessionCache> cache;
  std::unique_ptr<db::SqlStore> store;
};

}  // namespace matricula::testing
