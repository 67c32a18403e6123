#include "infra/db/sql_store.hpp"

namespace matricula::db {
namespace {

// The transaction running on this thread, per store, with the sessions and users it changed:
// a reader may have cached their old state before the commit.
struct Transaction {
  const SqlStore* store;
  SqlConnection* connection;
  std::vector<std::string> sessions;
  std::vector<UserId> users;
};
thread_local std::vector<Transaction> t_transactions;

Transaction* current_transaction(const SqlStore* store) {
  for (auto& t : t_transactions)
    if (t.store == store) return &t;
  return nullptr;
}

}  // namespace

SqlStore::SqlStore(std::string url, std::chrono::milliseconds answer_timeout) : pool_(std::move(url), answer_timeout) {}
SqlStore::~SqlStore() = default;

template <class Work>
auto SqlStore::with_connection(Work&& work) {
  if (auto* t = current_transaction(this)) return work(*t->connection);
  auto lease = pool_.acquire();
  return work(*lease);
}

std::vector<SqlRow> SqlStore::query(std::string_view sql, const SqlParams& params) {
  return with_connection([&](SqlConnection& c) { return c.query(sql, params); });
}

std::int64_t SqlStore::execute(std::string_view sql, const SqlParams& params) {
  return with_connection([&](SqlConnection& c) { return c.execute(sql, params); });
}

void SqlStore::checkpoint() {
  if (dialect() != Dialect::sqlite) return;
  pool_.release_idle();  // read snapshots kept by idle connections would stop the checkpoint short
  auto lease = pool_.acquire();
  lease->checkpoint([this] { pool_.release_idle(); });
}

bool SqlStore::transaction(const std::function<bool()>& work) {
  if (current_transaction(this)) return work();  // nested: part of the outer one
  auto lease = pool_.acquire();
  lease->begin();
  t_transactions.push_back({this, &*lease, {}, {}});
  struct Unbind {
    const SqlStore* store;
    ~Unbind() {
      std::erase_if(t_transactions, [this](auto& t) { return t.store == store; });
    }
  } unbind{this};
  bool commit = false;
  try {
    commit = work();
  } catch (...) {
    try {
      lease->rollback();
    } catch (...) {
    }
    throw;
  }
  commit ? lease->commit() : lease->rollback();
  if (cache_) {
    auto* t = current_transaction(this);
    for (auto& id_hash : t->sessions) cache_->forget_session(id_hash);
    for (auto user : t->users) cache_->forget_user(user);
  }
  return commit;
}

bool SqlStore::in_transaction() const { return current_transaction(this) != nullptr; }

void SqlStore::session_changed(const std::string& id_hash) {
  if (!cache_) return;
  cache_->forget_session(id_hash);
  if (auto* t = current_transaction(this)) t->sessions.push_back(id_hash);
}

void SqlStore::user_changed(UserId id) {
  if (!cache_) return;
  cache_->forget_user(id);
  if (auto* t = current_transaction(this)) t->users.push_back(id);
}

}  // namespace matricula::db
