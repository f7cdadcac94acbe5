;; loop: spins forever in _start; only the host's epoch deadline stops it.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $forever
      (br $forever))))
