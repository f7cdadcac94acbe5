;; The baseline guest of GuestRunBenchmarks: shaped like hello (a memory of the same two pages, a _start), but its
;; _start does nothing, so instance + run of it is what every request pays before a guest does any work.
(module
  (memory (export "memory") 2)
  (func (export "_start")))
