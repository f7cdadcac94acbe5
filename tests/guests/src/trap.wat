;; trap: executes `unreachable` in _start. No imports, nothing written.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    unreachable))
