// The same Store contract, run against SQLite and a real PostgreSQL
// (MATRICULA_TEST_POSTGRES_URL, started by scripts/test.sh).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "contract/store_contract.hpp"
#include "infra/db/migrator.hpp"

using namespace matricula;
using namespace matricula::testing;

namespace {

TEST_P(StoreContract, MigrationsAreRecordedAndIdempotent) {
  auto conn = db::connect(url);
  auto all = db::load_migrations(std::string(MATRICULA_SOURCE_DIR) + "/migrations/" + kind());
  EXPECT_TRUE(db::pending_migrations(*conn, all).empty());
  EXPECT_TRUE(db::migrate(*conn, all).empty());
}

TEST_P(StoreContract, UsersAreUniqueByEmail) {
  auto id = add_user("ada@example.com");
  EXPECT_FALSE(store->insert_user({"ada@example.com", "h", "A", "B", 1}));
  auto user = store->find_user_by_email("ada@example.com");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->id, id);
  EXPECT_EQ(user->first_name, "Ada");
  EXPECT_TRUE(user->active);
  EXPECT_FALSE(user->superuser);
  EXPECT_FALSE(user->verified());
  EXPECT_EQ(user->joined_at, 1000);
  EXPECT_FALSE(store->find_user_by_email("nobody@example.com"));
  EXPECT_FALSE(store->find_user(id + 100));
}

TEST_P(StoreContract, VerificationLoginAndPasswordUpdates) {
  auto id = add_user("ada@example.com");
  store->mark_email_verified(id, 2000);
  store->mark_email_verified(id, 3000);  // the first time stays
  store->record_login(id, 4000);
  store->set_password_hash(id, kRealisticHash);
  auto user = store->find_user(id);
  EXPECT_EQ(user->email_verified_at, 2000);
  EXPECT_EQ(user->last_login_at, 4000);
  EXPECT_EQ(user->password_hash, kRealisticHash);
  EXPECT_EQ(store->find_user_by_email("ada@example.com")->password_hash, kRealisticHash);
}

TEST_P(StoreContract, PhoneNumbersBelongToOneAccount) {
  auto ada = add_user("ada@example.com");
  auto grace = add_user("grace@example.com");
  EXPECT_TRUE(store->insert_profile({ada, Role::student, "Ada Lovelace", "+14155550123"}));
  EXPECT_TRUE(store->phone_in_use("+14155550123"));
  EXPECT_FALSE(store->phone_in_use("+14155550124"));
  EXPECT_FALSE(store->insert_profile({grace, Role::student, "Grace Hopper", "+14155550123"}));
  EXPECT_FALSE(store->insert_profile({ada, Role::student, "Ada again", "+14155550123"}));  // one per role
  EXPECT_TRUE(store->insert_profile({ada, Role::instructor, "Ada Lovelace", "+14155550123"}));  // both roles
  auto profiles = store->profiles_of(ada);
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_EQ(profiles[0].role, Role::instructor);
  EXPECT_EQ(profiles[1].role, Role::student);
  EXPECT_TRUE(store->profiles_of(grace).empty());
}

TEST_P(StoreContract, EmailTokensAreConsumedOnceBeforeTheyExpire) {
  auto id = add_user("ada@example.com");
  store->insert_email_token("t1", id, TokenPurpose::verify_email, 100, 200);
  store->insert_email_token("t2", id, TokenPurpose::verify_email, 100, 200);
  EXPECT_FALSE(store->consume_email_token("t1", TokenPurpose::verify_email, 200));  // expired at 200
  EXPECT_EQ(store->consume_email_token("t2", TokenPurpose::verify_email, 199), id);
  EXPECT_FALSE(store->consume_email_token("t2", TokenPurpose::verify_email, 199));
  EXPECT_FALSE(store->consume_email_token("unknown", TokenPurpose::verify_email, 150));
}

TEST_P(StoreContract, LoginCodesAreReplacedConsumedAndBurned) {
  auto id = add_user("ada@example.com");
  store->replace_login_code(id, "c1", 100, 400);
  store->replace_login_code(id, "c2", 110, 410);
  EXPECT_FALSE(store->consume_login_code(id, "c1", 3, 120));  // replaced
  store->record_failed_login_code(id, 130);
  store->record_failed_login_code(id, 131);
  EXPECT_TRUE(store->consume_login_code(id, "c2", 3, 132));
  EXPECT_FALSE(store->consume_login_code(id, "c2", 3, 133));  // used

  store->replace_login_code(id, "c3", 200, 500);
  for (int i = 0; i < 3; ++i) store->record_failed_login_code(id, 201);
  EXPECT_FALSE(store->consume_login_code(id, "c3", 3, 202));  // burned
  store->replace_login_code(id, "c4", 300, 600);
  EXPECT_FALSE(store->consume_login_code(id, "c4", 3, 600));  // expired
}

TEST_P(StoreContract, OnlyOneOfManyConcurrentRedemptionsWins) {
  auto id = add_user("ada@example.com");
  store->replace_login_code(id, "code", 100, 400);
  std::atomic<int> wins{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      if (store->consume_login_code(id, "code", 3, 150)) ++wins;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
}

TEST_P(StoreContract, TransactionsCommitOrRollBack) {
  EXPECT_FALSE(store->transaction([&] {
    add_user("rolled@example.com");
    return false;
  }));
  EXPECT_FALSE(store->find_user_by_email("rolled@example.com"));
  EXPECT_THROW(store->transaction([&]() -> bool {
    add_user("thrown@example.com");
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_FALSE(store->find_user_by_email("thrown@example.com"));
  EXPECT_TRUE(store->transaction([&] {
    auto id = add_user("kept@example.com");
    return store->insert_profile({id, Role::student, "Kept", "+14155550000"});
  }));
  EXPECT_TRUE(store->find_user_by_email("kept@example.com"));
  // A failed nested step (phone taken) inside a transaction rolls back the whole account.
  EXPECT_FALSE(store->transaction([&] {
    auto id = add_user("half@example.com");
    return store->insert_profile({id, Role::student, "Half", "+14155550000"});
  }));
  EXPECT_FALSE(store->find_user_by_email("half@example.com"));
}

TEST_P(StoreContract, OutboxLeasesRetriesAndStatuses) {
  store->enqueue_mail({"a@example.com", "Subject ü", "text", "<p>html</p>", "<1@test>"}, 100);
  store->enqueue_mail({"b@example.com", "S2", "t", "h", "<2@test>"}, 100);
  EXPECT_TRUE(store->lease_due_mail(99, 10, 60).empty());  // not due yet
  auto batch = store->lease_due_mail(100, 10, 60);
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].mail.subject, "Subject ü");
  EXPECT_EQ(batch[0].mail.message_id, "<1@test>");
  EXPECT_TRUE(store->lease_due_mail(100, 10, 60).empty());  // leased to the first worker
  store->mark_mail_sent(batch[0].id, 101);
  // A sent message keeps no body: bodies carry links and codes.
  auto conn = db::connect(url);
  auto bodies = conn->query("SELECT text_body, html_body, message_id FROM outbox WHERE id = ?", {batch[0].id});
  EXPECT_EQ(bodies.front().text(0), "");
  EXPECT_EQ(bodies.front().text(1), "");
  EXPECT_EQ(bodies.front().text(2), "<1@test>");
  store->mark_mail_retry(batch[1].id, 1, 130, "connection refused");
  EXPECT_TRUE(store->lease_due_mail(129, 10, 60).empty());
  auto retry = store->lease_due_mail(130, 10, 60);
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0].attempts, 1);
  store->mark_mail_failed(retry[0].id, 2, "gave up", 131);
  EXPECT_EQ(store->count_mail("sent"), 1u);
  EXPECT_EQ(store->count_mail("failed"), 1u);
  EXPECT_EQ(store->count_mail("pending"), 0u);
  // An expired lease (a worker died) makes the message due again.
  store->enqueue_mail({"c@example.com", "S3", "t", "h", "<3@test>"}, 200);
  EXPECT_EQ(store->lease_due_mail(200, 10, 60).size(), 1u);
  EXPECT_EQ(store->lease_due_mail(260, 10, 60).size(), 1u);
}

TEST_P(StoreContract, ConcurrentWorkersNeverLeaseTheSameMessage) {
  for (int i = 0; i < 60; ++i) store->enqueue_mail({"a@example.com", "S", "t", "h", "<" + std::to_string(i) + ">"}, 1);
  std::mutex mutex;
  std::vector<std::int64_t> leased;
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w)
    workers.emplace_back([&] {
      for (int round = 0; round < 10; ++round) {
        auto batch = store->lease_due_mail(1, 5, 60);
        std::lock_guard lock(mutex);
        for (auto& m : batch) leased.push_back(m.id);
      }
    });
  for (auto& t : workers) t.join();
  std::sort(leased.begin(), leased.end());
  EXPECT_EQ(leased.size(), 60u);
  EXPECT_EQ(std::adjacent_find(leased.begin(), leased.end()), leased.end());
}

TEST_P(StoreContract, CountersAreAtomicPerKeyAndWindow) {
  EXPECT_EQ(store->read_counter("k", 60), 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) store->increment_counter("k", 60);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(store->read_counter("k", 60), 100);
  EXPECT_EQ(store->read_counter("k", 120), 0);
  EXPECT_EQ(store->increment_counter("k", 120), 1);
  EXPECT_EQ(store->read_counter("other", 60), 0);
}

// The purge deletes in batches of 5 000 (no statement may outlast the database timeout): a
// backlog of several batches goes entirely, and what has not expired stays.
TEST_P(StoreContract, PurgeTakesABacklogOfSeveralBatches) {
  store->transaction([&] {
    for (int i = 0; i < 12001; ++i) store->insert_session({"s" + std::to_string(i), std::nullopt, "c", 100, 100, {}, ""});
    return true;
  });
  store->insert_session({"live", std::nullopt, "c", 500, 990, {}, ""});
  EXPECT_EQ(store->purge_expired(200, 50, 500), 12001u);
  EXPECT_FALSE(store->find_session("s0"));
  EXPECT_FALSE(store->find_session("s12000"));
  EXPECT_TRUE(store->find_session("live"));
}

TEST_P(StoreContract, PurgeRemovesOnlyWhatExpired) {
  auto id = add_user("ada@example.com");
  Session idle{"idle", id, "c", 100, 100, {}, ""};
  Session old{"old", id, "c", 10, 990, {}, ""};
  Session live{"live", id, "c", 500, 990, {}, ""};
  for (auto& s : {idle, old, live}) store->insert_session(s);
  store->insert_email_token("expired", id, TokenPurpose::verify_email, 0, 100);
  store->insert_email_token("valid", id, TokenPurpose::verify_email, 0, 2000);
  store->replace_login_code(id, "c1", 0, 100);
  store->increment_counter("k", 60);
  store->increment_counter("k", 600);
  EXPECT_EQ(store->purge_expired(200, 50, 500), 5u);
  EXPECT_FALSE(store->find_session("idle"));
  EXPECT_FALSE(store->find_session("old"));
  EXPECT_TRUE(store->find_session("live"));
  EXPECT_EQ(store->consume_email_token("valid", TokenPurpose::verify_email, 150), id);
  EXPECT_EQ(store->read_counter("k", 60), 0);
  EXPECT_EQ(store->read_counter("k", 600), 1);
}

TEST_P(StoreContract, PicturesKeepTheirBytesExactly) {
  auto id = add_user("ada@example.com");
  std::string binary("\x89PNG\r\n\x1a\n\0\0\xff\x00tail", 17);
  store->save_picture(id, {"pic1", "image/png", binary, binary + "small", 5});
  auto p = store->picture_named("pic1");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->large, binary);
  EXPECT_EQ(p->small, binary + "small");
  EXPECT_EQ(p->content_type, "image/png");
  EXPECT_EQ(store->find_user(id)->picture_name, "pic1");
  store->save_picture(id, {"pic2", "image/jpeg", "j", "k", 6});  // replaces
  EXPECT_FALSE(store->picture_named("pic1"));
  EXPECT_EQ(store->picture_of(id)->name, "pic2");
  EXPECT_TRUE(store->delete_picture(id));
  EXPECT_FALSE(store->picture_of(id));
  EXPECT_FALSE(store->find_user(id)->picture_name);
}

TEST_P(StoreContract, PhonesNamesAndInstructorDetails) {
  auto ada = add_user("ada@example.com");
  auto grace = add_user("grace@example.com");
  ASSERT_TRUE(store->insert_profile({ada, Role::student, "Ada Lovelace", "+14155550001"}));
  ASSERT_TRUE(store->insert_profile({ada, Role::instructor, "Ada Lovelace", "+14155550001", "", "", false}));
  ASSERT_TRUE(store->insert_profile({grace, Role::student, "Grace Hopper", "+14155550002"}));
  EXPECT_FALSE(store->change_phone(ada, "+14155550002"));
  EXPECT_TRUE(store->change_phone(ada, "+14155550003"));
  EXPECT_FALSE(store->phone_in_use("+14155550001"));  // the old number is free again
  store->set_names(ada, "Augusta Ada", "King");
  store->set_instructor_details(ada, "Engines", "Notes on engines.");
  store->set_instructor_approved(ada, true);
  auto profiles = store->profiles_of(ada);
  ASSERT_EQ(profiles.size(), 2u);
  for (auto& p : profiles) {
    EXPECT_EQ(p.phone_number, "+14155550003");
    EXPECT_EQ(p.name, "Augusta Ada King");
  }
  EXPECT_EQ(profiles[0].headline, "Engines");
  EXPECT_TRUE(profiles[0].approved);
  EXPECT_EQ(store->find_user(ada)->first_name, "Augusta Ada");
  EXPECT_TRUE(store->delete_profile(ada, Role::instructor));
  EXPECT_EQ(store->profiles_of(ada).size(), 1u);
}

TEST_P(StoreContract, DeletingAUserRemovesEverythingButTheAuditTrail) {
  auto id = add_user("ada@example.com");
  ASSERT_TRUE(store->insert_profile({id, Role::student, "Ada", "+14155550009"}));
  store->save_picture(id, {"p", "image/png", "l", "s", 1});
  store->insert_session({"s1", id, "c", 1, 1, {}, ""});
  store->replace_login_code(id, "code", 1, 100);
  store->insert_email_token("t", id, TokenPurpose::verify_email, 1, 100);
  store->record_audit({0, id, id, "signed_in", "", "127.0.0.1", 5});
  store->delete_user(id);
  EXPECT_FALSE(store->find_user(id));
  EXPECT_FALSE(store->phone_in_use("+14155550009"));
  EXPECT_FALSE(store->picture_named("p"));
  EXPECT_FALSE(store->find_session("s1"));
  EXPECT_TRUE(store->profiles_of(id).empty());
  auto conn = db::connect(url);
  EXPECT_EQ(conn->query("SELECT COUNT(*) FROM audit_log WHERE action = 'signed_in' AND user_id IS NULL").front().integer(0), 1);
}

TEST_P(StoreContract, ListingUsersByIdPagesAndPrefixes) {
  std::vector<UserId> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(add_user("user" + std::to_string(i) + "@example.com"));
  auto grace = store->insert_user({"grace@navy.test", "h", "Grace", "Hopper", 1}).value();
  ASSERT_TRUE(store->insert_profile({grace, Role::student, "Grace Hopper", "+19995550123"}));
  store->set_password_hash(ids[0], kRealisticHash);
  auto first = store->list_users("", 0, 3);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0].id, ids[0]);
  EXPECT_EQ(first[0].email, "user0@example.com");
  EXPECT_EQ(first[0].password_hash, "");  // a listing does not read the hash
  auto next = store->list_users("", first.back().id, 3);
  EXPECT_EQ(next.front().id, ids[3]);
  EXPECT_EQ(store->list_users("grace", 0, 10).size(), 1u);
  EXPECT_EQ(store->list_users("HOP", 0, 10).size(), 1u);     // last name, any case
  EXPECT_EQ(store->list_users("+1999", 0, 10).size(), 1u);  // phone
  EXPECT_EQ(store->list_users("user", 0, 10).size(), 7u);
  EXPECT_EQ(store->list_users("user", ids[5], 10).size(), 1u);
  EXPECT_TRUE(store->list_users("nobody", 0, 10).empty());
}

TEST_P(StoreContract, AuditEntriesNewestFirst) {
  auto id = add_user("ada@example.com");
  auto admin = add_user("admin@example.com");
  store->record_audit({0, id, id, "signed_in", "password", "203.0.113.1", 10});
  store->record_audit({0, id, admin, "deactivated", "", "198.51.100.2", 20});
  auto entries = store->audit_of(id, 10);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].action, "deactivated");
  EXPECT_EQ(entries[0].actor_id, admin);
  EXPECT_EQ(entries[0].ip, "198.51.100.2");
  EXPECT_EQ(entries[1].detail, "password");
  EXPECT_EQ(store->audit_of(id, 1).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Databases, StoreContract, ::testing::Values("sqlite", "sqlite_cached", "postgres", "postgres_cached"),
                         [](const auto& info) { return info.param; });

}  // namespace
