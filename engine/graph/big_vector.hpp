// BigVector: std::vector for the arrays that hold a whole graph (one entry
// per edge or record). resize(n) leaves new elements uninitialised (fill
// them, or pass a value: resize(n, 0)). Allocations of 2 MiB and more are 2 MiB-aligned and
// advised as transparent huge pages: first-touch page faults and TLB misses
// otherwise cost as much as the graph building itself (measured: projection
// of 1M records 0.43 s with 4 KiB pages, 0.23 s with huge pages).
#pragma once

#include <omp.h>
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace corridor {

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr std::size_t kHuge = std::size_t{2} << 20;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}  // NOLINT: rebinding

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kHuge) return std::allocator<T>().allocate(n);
    const std::size_t rounded = (bytes + kHuge - 1) / kHuge * kHuge;
    void* p = std::aligned_alloc(kHuge, rounded);
    if (!p) throw std::bad_alloc();
    madvise(p, rounded, MADV_HUGEPAGE);  // advice only: failure is harmless
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < kHuge) {
      std::allocator<T>().deallocate(p, n);
    } else {
      std::free(p);
    }
  }
  // resize() and the sized constructor leave elements default-initialised:
  // no memset of arrays that are about to be overwritten anyway.
  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
};

template <typename T>
using BigVector = std::vector<T, HugePageAllocator<T>>;

// Resizes to n (new elements uninitialised) and touches every page of the
// array from all threads, so that the kernel's zeroing of fresh pages — the
// largest single cost of building a big graph here — runs on every core
// instead of on whichever thread first writes.
template <typename T>
void resize_prefaulted(BigVector<T>& v, std::size_t n, int threads) {
  const std::size_t old = v.size();
  v.resize(n);
  if (n <= old) return;
  char* base = reinterpret_cast<char*>(v.data() + old);
  const std::size_t bytes = (n - old) * sizeof(T);
  constexpr std::size_t kPage = 4096;
  const auto pages = static_cast<std::int64_t>((bytes + kPage - 1) / kPage);
#pragma omp parallel for schedule(static) num_threads(threads > 0 ? threads : omp_get_max_threads())
  for (std::int64_t i = 0; i < pages; ++i) base[static_cast<std::size_t>(i) * kPage] = 0;
}

}  // namespace corridor
