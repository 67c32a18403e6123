#pragma once
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace matricula::crypto {

// Working memory for argon2id, kept from one hash to the next.
//
// libsodium maps fresh memory for every hash (19 MiB by default) and unmaps it afterwards. On
// a virtual machine, faulting in and zeroing those pages took as long as the hash itself
// (about 13 of 27 ms), and each unmapping held the process's address-space lock and flushed
// the other threads' TLBs: page views waited behind sign-ins. Here a hash borrows an area
// kept by the process instead: while a thread holds a Loan, the first anonymous private
// read-write mapping it asks for is served from the borrowed area, and unmapping that area
// gives it back. Every other mapping, and every mapping of other threads, goes to the kernel
// as before (`mmap` and `munmap` are interposed for the whole process; see the .cpp).
//
// argon2 writes each block before reading it, so an area needs no clearing between hashes.
// Areas are made on first use, at most one per concurrent hash, and kept for the life of the
// process (madvise'd for huge pages where the kernel allows).
class Argon2Memory {
 public:
  struct Area {
    void* base = nullptr;
    std::size_t bytes = 0;
    bool lent = false;  // handed to the hash running on the borrowing thread
  };

  // Serves this thread's next argon2 mapping from an area of the process while it lives.
  class Loan {
   public:
    explicit Loan(Argon2Memory& memory);
    ~Loan();
    Loan(const Loan&) = delete;
    Loan& operator=(const Loan&) = delete;

   private:
    Argon2Memory& memory_;
    Area* area_;
  };

  Argon2Memory() = default;
  ~Argon2Memory();
  Argon2Memory(const Argon2Memory&) = delete;
  Argon2Memory& operator=(const Argon2Memory&) = delete;

  std::size_t areas_made() const;  // for tests: how many areas exist

 private:
  mutable std::mutex mutex_;
  std::vector<Area*> idle_;
  std::vector<std::unique_ptr<Area>> all_;
};

}  // namespace matricula::crypto
