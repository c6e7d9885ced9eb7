// glibc's allocator controls, which Swift's Glibc module leaves out (they live in <malloc.h>):
// mallopt (to limit the arenas), mallinfo2 (how much freed heap is held) and malloc_trim.
#include <malloc.h>
