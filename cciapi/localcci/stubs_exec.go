package localcci

import "net/http"

func (s *Server) exec(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }
