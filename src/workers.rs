//! The threads of a run (`--threads`): work is spread over a pool of its
//! own, built the first time there are two items to share, and results come
//! back in the items' order, so the output never depends on the number of
//! threads.

use std::mem::MaybeUninit;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

#[derive(Debug, Default)]
pub struct Workers {
    /// As asked: 0 is one per core.
    threads: usize,
    /// `None` inside when no thread could be started: the work is then done
    /// in the calling thread.
    pool: OnceLock<Option<rayon::ThreadPool>>,
    /// How far each pool thread's arena was grown ([`Workers::reserve`]).
    reserved: AtomicUsize,
}

/// Have this thread's malloc arena reach `bytes` at once. With glibc, a
/// thread's arena (not the main thread's) grows its heap by just what an
/// allocation needs, an `mprotect` each time it goes past the largest size
/// it ever had (malloc/arena.c `grow_heap`: no `M_TOP_PAD` there), and a
/// run keeps every file's text and model to the report: 10,000 templates
/// grew the two threads' arenas a page at a time, 10,484 `mprotect`s, each
/// taking the address space's lock the other thread's page faults wait on.
/// Blocks under the mmap threshold (128 KiB at the least), taken and given
/// back: the heap keeps its size once trimmed (`madvise`, no `mprotect`),
/// and nothing stays resident.
fn grow_arena(bytes: usize) {
    if !cfg!(all(target_os = "linux", target_env = "gnu")) {
        return;
    }
    const BLOCK: usize = 120 << 10;
    let blocks: Vec<Box<[MaybeUninit<u8>]>> = (0..bytes / BLOCK)
        .map(|_| Box::new_uninit_slice(BLOCK))
        .collect();
    // Not elided as an allocation nobody reads.
    std::hint::black_box(&blocks);
}

impl Workers {
    /// `threads` threads; 0 is one per core, 1 is the calling thread alone.
    pub fn new(threads: usize) -> Workers {
        Workers {
            threads,
            pool: OnceLock::new(),
            reserved: AtomicUsize::new(0),
        }
    }

    /// How many threads share the work.
    pub fn threads(&self) -> usize {
        match self.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
    }

    fn pool(&self) -> Option<&rayon::ThreadPool> {
        self.pool
            .get_or_init(|| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(self.threads())
                    .build()
                    .ok()
            })
            .as_ref()
    }

    /// Room for work that keeps about `bytes` in all, spread over the
    /// threads, made in each thread's malloc arena at once, not a page at a
    /// time as the work goes ([`grow_arena`]). Nothing under 1 MiB a thread
    /// (a few hundred files: not worth the system calls it costs), nothing
    /// past 48 MiB (a glibc arena's heap is 64 MiB).
    pub fn reserve(&self, bytes: usize) {
        const MIN: usize = 1 << 20;
        const MAX: usize = 48 << 20;
        // Before asking the number of cores (three files of cgroup read).
        if bytes < 2 * MIN {
            return;
        }
        let threads = self.threads();
        if threads < 2 {
            return;
        }
        let each = (bytes / threads).min(MAX);
        if each < MIN || each <= self.reserved.load(Ordering::Relaxed) {
            return;
        }
        if let Some(pool) = self.pool() {
            pool.broadcast(|_| grow_arena(each));
            self.reserved.store(each, Ordering::Relaxed);
        }
    }

    /// [`Workers::map`] of items given up: each is dropped on the thread
    /// that took it, not freed one by one on the calling thread afterwards
    /// (the units of a run of 1,000 files: 2,000 frees on the one thread
    /// that plans and merges; issue 15).
    pub fn map_owned<T: Send, R: Send>(
        &self,
        items: Vec<T>,
        f: impl Fn(T) -> R + Sync + Send,
    ) -> Vec<R> {
        if items.len() < 2 || self.threads() < 2 {
            return items.into_iter().map(f).collect();
        }
        match self.pool() {
            Some(pool) => pool.install(|| items.into_par_iter().map(f).collect()),
            None => items.into_iter().map(f).collect(),
        }
    }

    /// `a` and `b` at once, on the pool when there is more than one thread:
    /// serial work that needs nothing of parallel work runs beside it, not
    /// after it on the calling thread (issue 15). Both have run on return.
    /// Only on a pool already made: starting threads for this alone costs
    /// more than it saves (one small file: the pool's threads cost about
    /// 60,000 instructions and a dozen system calls, its check far less).
    pub fn join<RA: Send, RB: Send>(
        &self,
        a: impl FnOnce() -> RA + Send,
        b: impl FnOnce() -> RB + Send,
    ) -> (RA, RB) {
        match self.pool.get() {
            Some(Some(pool)) if self.threads() >= 2 => pool.install(|| rayon::join(a, b)),
            _ => (a(), b()),
        }
    }

    /// `f` over `items`, the vectors it gives joined in the items' order.
    /// Each is emptied and freed on the thread that made it, not one by
    /// one on the calling thread (the findings of 1,000 documents).
    pub fn flat_map<T: Sync, R: Send>(
        &self,
        items: &[T],
        f: impl Fn(&T) -> Vec<R> + Sync + Send,
    ) -> Vec<R> {
        if items.len() < 2 || self.threads() < 2 {
            // The first list is kept as it is, not copied: a big file's
            // 10,000 findings are one document's (issue 15: copying them
            // held both lists at the peak).
            let mut out = Vec::new();
            for item in items {
                let list = f(item);
                if out.is_empty() {
                    out = list;
                } else {
                    out.extend(list);
                }
            }
            return out;
        }
        match self.pool() {
            Some(pool) => pool.install(|| items.par_iter().flat_map_iter(f).collect()),
            None => items.iter().flat_map(f).collect(),
        }
    }

    /// `f` over `items`, results in the items' order: on the pool when there
    /// is more than one thread and more than one item, else in this thread.
    pub fn map<T: Sync, R: Send>(&self, items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
        if items.len() < 2 || self.threads() < 2 {
            return items.iter().map(f).collect();
        }
        match self.pool() {
            Some(pool) => pool.install(|| items.par_iter().map(f).collect()),
            None => items.iter().map(f).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Workers;

    /// `reserve` grows the pool's arenas and changes nothing of the work,
    /// on one thread (nothing to do) and on two, asked twice.
    #[test]
    fn reserve_leaves_the_work_as_it_is() {
        for threads in [1, 2] {
            let w = Workers::new(threads);
            w.reserve(8 << 20);
            w.reserve(4 << 20);
            let items: Vec<u32> = (0..100).collect();
            assert_eq!(
                w.map(&items, |i| i * 2),
                (0..100).map(|i| i * 2).collect::<Vec<_>>()
            );
        }
    }

    /// `flat_map` is the items' lists one after the other, in order, on one
    /// thread and on several, with empty lists anywhere; one item's list is
    /// handed back as it is (not copied: the same allocation).
    #[test]
    fn flat_map_concatenates_in_order() {
        let items: Vec<Vec<u32>> = vec![vec![], vec![1, 2], vec![], vec![3], vec![4, 5, 6], vec![]];
        for threads in [1, 2, 3] {
            let w = Workers::new(threads);
            for n in 0..=items.len() {
                let got = w.flat_map(&items[..n], |v| v.clone());
                let want: Vec<u32> = items[..n].iter().flatten().copied().collect();
                assert_eq!(got, want, "threads {threads}, {n} items");
            }
        }
        let one = Workers::new(1);
        let list = vec![7u32; 100];
        let ptr = std::sync::atomic::AtomicUsize::new(0);
        let got = one.flat_map(&[()], |_| {
            let v = list.clone();
            ptr.store(v.as_ptr() as usize, std::sync::atomic::Ordering::Relaxed);
            v
        });
        assert_eq!(got.as_ptr() as usize, ptr.into_inner());
    }
}
