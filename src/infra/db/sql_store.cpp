#include "infra/db/sql_store.hpp"

namespace matricula::db {
namespace {

// The connection of the transaction running on this thread, per store.
thread_local std::vector<std::pair<const SqlStore*, SqlConnection*>> t_transactions;

SqlConnection* current_transaction(const SqlStore* store) {
  for (auto& [owner, conn] : t_transactions)
    if (owner == store) return conn;
  return nullptr;
}

}  // namespace

SqlStore::SqlStore(std::string url) : pool_(std::move(url)) {}
SqlStore::~SqlStore() = default;

template <class Work>
auto SqlStore::with_connection(Work&& work) {
  if (auto* conn = current_transaction(this)) return work(*conn);
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
  t_transactions.emplace_back(this, &*lease);
  struct Unbind {
    const SqlStore* store;
    ~Unbind() {
      std::erase_if(t_transactions, [this](auto& entry) { return entry.first == store; });
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
  return commit;
}

}  // namespace matricula::db
