;; nostart: a valid module with no `_start` (and no `_routes`), so no request to it can ever run.
;; The admin API must refuse to deploy it (422, "cannot run").
(module
  (memory (export "memory") 1)
  (func (export "main")))
