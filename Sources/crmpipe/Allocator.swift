import CMimalloc

/// mimalloc's settings for a batch run, made when `crmpipe` starts.
enum Allocator {
  /// Large OS pages: 2 MiB transparent huge pages instead of 4 KiB ones. The contact matcher's
  /// index (hundreds of megabytes for a million contacts) is read at random, a few dozen slots a
  /// row. With small pages nearly every such read also misses the processor's address
  /// translation cache. For 1,000,000 contacts this took 6 % off the CPU time (169 and 171 s
  /// against 180 and 177 s, two runs each) for 50 MB more resident memory.
  ///
  /// Freed memory stays with the process instead of going back to the system. A row's strings
  /// and arrays are freed and made again all through an import; memory given back was taken
  /// again soon after, and every page taken again is zeroed by the kernel (2 MiB at a time with
  /// large pages). The peak, which is what a run is measured by, does not change: freed memory
  /// is reused before new memory is asked for. 1,000,000 contacts, five interleaved pairs: less
  /// system time in each (by 0.6 to 2.5 s, of 8 to 10) and less wall time in each (by 0.6 to
  /// 8.7 s, median 2.0, of 93 to 103); peak 786 to 819 MiB against 783 to 813 MiB.
  static func configure() {
    mi_option_enable(mi_option_large_os_pages)
    mi_option_disable(mi_option_allow_decommit)
  }
}
