// Clang's thread-safety annotations (https://clang.llvm.org/docs/ThreadSafetyAnalysis.html), so that "this member
// is guarded by that mutex" is checked by the compiler rather than only written in a comment. The clang builds
// (asan, tsan) compile with -Wthread-safety as an error; elsewhere the macros expand to nothing.
//
// Use them with the capabilities of common/mutex.hpp (libstdc++'s std::mutex carries no annotations):
//
//   mutable mutex mutex_;
//   std::vector<item> queue_ HELPCHAT_GUARDED_BY(mutex_);
//   void drain() HELPCHAT_REQUIRES(mutex_);   // called with mutex_ held
//   void flush() HELPCHAT_EXCLUDES(mutex_);   // takes mutex_ itself
//
// Prefixed HELPCHAT_ so as not to clash with the same names in Abseil, LevelDB or a system header.
#pragma once

#if defined(__clang__)
#define HELPCHAT_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define HELPCHAT_THREAD_ANNOTATION(x)
#endif

// On a class: its objects are capabilities (a mutex); `name` appears in the diagnostics.
#define HELPCHAT_CAPABILITY(name) HELPCHAT_THREAD_ANNOTATION(capability(name))
// On a class: an RAII object that holds a capability for its lifetime (a scoped lock).
#define HELPCHAT_SCOPED_CAPABILITY HELPCHAT_THREAD_ANNOTATION(scoped_lockable)

// On a data member: reading it needs `x` held (at least shared), writing it needs `x` held exclusively.
#define HELPCHAT_GUARDED_BY(x) HELPCHAT_THREAD_ANNOTATION(guarded_by(x))
// On a pointer member: the same for what it points to (the pointer itself is not guarded).
#define HELPCHAT_PT_GUARDED_BY(x) HELPCHAT_THREAD_ANNOTATION(pt_guarded_by(x))

// On a mutex member: the order in which mutexes are taken (checked only with -Wthread-safety-beta).
#define HELPCHAT_ACQUIRED_BEFORE(...) HELPCHAT_THREAD_ANNOTATION(acquired_before(__VA_ARGS__))
#define HELPCHAT_ACQUIRED_AFTER(...) HELPCHAT_THREAD_ANNOTATION(acquired_after(__VA_ARGS__))

// On a function: the caller must hold the capabilities (exclusively, or at least shared) and still holds them after.
#define HELPCHAT_REQUIRES(...) HELPCHAT_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define HELPCHAT_REQUIRES_SHARED(...) HELPCHAT_THREAD_ANNOTATION(requires_shared_capability(__VA_ARGS__))

// On a function: it takes the capabilities and returns holding them (without arguments: `this`).
#define HELPCHAT_ACQUIRE(...) HELPCHAT_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define HELPCHAT_ACQUIRE_SHARED(...) HELPCHAT_THREAD_ANNOTATION(acquire_shared_capability(__VA_ARGS__))
// On a function: the caller holds the capabilities and the function gives them up.
#define HELPCHAT_RELEASE(...) HELPCHAT_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define HELPCHAT_RELEASE_SHARED(...) HELPCHAT_THREAD_ANNOTATION(release_shared_capability(__VA_ARGS__))
#define HELPCHAT_RELEASE_GENERIC(...) HELPCHAT_THREAD_ANNOTATION(release_generic_capability(__VA_ARGS__))
// On a function: it tries to take the capabilities and returns `result` when it did.
#define HELPCHAT_TRY_ACQUIRE(...) HELPCHAT_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
#define HELPCHAT_TRY_ACQUIRE_SHARED(...) HELPCHAT_THREAD_ANNOTATION(try_acquire_shared_capability(__VA_ARGS__))

// On a function: the caller must not hold the capabilities (the function takes them itself; no deadlock).
#define HELPCHAT_EXCLUDES(...) HELPCHAT_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))

// On a function: tells the analysis the capability is held from here on (a run-time check, or a promise).
#define HELPCHAT_ASSERT_CAPABILITY(x) HELPCHAT_THREAD_ANNOTATION(assert_capability(x))
#define HELPCHAT_ASSERT_SHARED_CAPABILITY(x) HELPCHAT_THREAD_ANNOTATION(assert_shared_capability(x))

// On a function: it returns a reference to the capability `x`.
#define HELPCHAT_RETURN_CAPABILITY(x) HELPCHAT_THREAD_ANNOTATION(lock_returned(x))

// On a function: not analysed. For the few places the analysis cannot follow; say why beside it.
#define HELPCHAT_NO_THREAD_SAFETY_ANALYSIS HELPCHAT_THREAD_ANNOTATION(no_thread_safety_analysis)
