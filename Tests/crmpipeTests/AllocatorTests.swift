import CMimalloc
import Testing

@testable import crmpipe

@Suite struct AllocatorTests {
  @Test func largePagesAreOnAndFreedMemoryIsKept() {
    Allocator.configure()
    #expect(mi_option_is_enabled(mi_option_large_os_pages))
    #expect(!mi_option_is_enabled(mi_option_allow_decommit))
  }
}
