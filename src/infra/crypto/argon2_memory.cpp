#include "infra/crypto/argon2_memory.hpp"

#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace matricula::crypto {
namespace {

thread_local Argon2Memory::Area* t_area = nullptr;  // borrowed by this thread's running hash

void* kernel_mmap(void* addr, std::size_t length, int prot, int flags, int fd, off_t offset) {
  return reinterpret_cast<void*>(syscall(SYS_mmap, addr, length, prot, flags, fd, offset));
}

int kernel_munmap(void* addr, std::size_t length) { return static_cast<int>(syscall(SYS_munmap, addr, length)); }

// The one mapping argon2 asks for: anonymous, private, read-write, anywhere, at least 1 MiB
// (libsodium asks for it populated: the kernel zeroes all of it at once, holding the
// address-space lock meanwhile).
bool is_argon2_region(void* addr, std::size_t length, int prot, int flags, int fd) {
  return addr == nullptr && fd == -1 && prot == (PROT_READ | PROT_WRITE) &&
         (flags & ~(MAP_NORESERVE | MAP_POPULATE)) == (MAP_PRIVATE | MAP_ANONYMOUS) && length >= (1u << 20);
}

}  // namespace

Argon2Memory::Loan::Loan(Argon2Memory& memory) : memory_(memory) {
  {
    std::lock_guard lock(memory_.mutex_);
    if (memory_.idle_.empty()) {
      memory_.all_.push_back(std::make_unique<Area>());
      memory_.idle_.push_back(memory_.all_.back().get());
    }
    area_ = memory_.idle_.back();
    memory_.idle_.pop_back();
  }
  t_area = area_;
}

Argon2Memory::Loan::~Loan() {
  t_area = nullptr;
  area_->lent = false;  // if the hash failed before unmapping, the area is free again all the same
  std::lock_guard lock(memory_.mutex_);
  memory_.idle_.push_back(area_);
}

Argon2Memory::~Argon2Memory() {
  for (auto& area : all_)
    if (area->base) kernel_munmap(area->base, area->bytes);
}

std::size_t Argon2Memory::areas_made() const {
  std::lock_guard lock(mutex_);
  std::size_t made = 0;
  for (auto& area : all_) made += area->base != nullptr;
  return made;
}

}  // namespace matricula::crypto

using matricula::crypto::t_area;

// The process's mmap and munmap (libsodium and every other library call these): a thread
// that holds a Loan gets its argon2 mapping from the borrowed area; everything else goes
// straight to the kernel, as glibc's own wrappers would.
extern "C" void* mmap(void* addr, std::size_t length, int prot, int flags, int fd, off_t offset) {
  auto* area = t_area;
  if (area && !area->lent && matricula::crypto::is_argon2_region(addr, length, prot, flags, fd)) {
    if (area->bytes != length) {  // first use, or a hash made with other parameters
      if (area->base) matricula::crypto::kernel_munmap(area->base, area->bytes);
      area->base = matricula::crypto::kernel_mmap(nullptr, length, prot, flags, -1, 0);
      if (area->base == MAP_FAILED) {
        area->base = nullptr;
        area->bytes = 0;
        return MAP_FAILED;
      }
      area->bytes = length;
      madvise(area->base, length, MADV_HUGEPAGE);  // fewer faults and TLB misses, if allowed
    }
    area->lent = true;
    return area->base;
  }
  return matricula::crypto::kernel_mmap(addr, length, prot, flags, fd, offset);
}

extern "C" int munmap(void* addr, std::size_t length) {
  auto* area = t_area;
  if (area && area->lent && addr == area->base && length == area->bytes) {
    area->lent = false;
    return 0;
  }
  return matricula::crypto::kernel_munmap(addr, length);
}
