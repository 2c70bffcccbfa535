package industrydatatest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"net/url"
	"strings"
)

// A $skiptoken is X'<base64>' over: a marker, a version, the offset of the
// next item, a hash binding it to the path and the other query options, and a
// MAC. The marker bytes encode as "+/+/", so the token always holds ', + and /
// and the nextLink carries them as %27, %2B and %2F: a client that decodes and
// re-encodes the link, or double-encodes it, sends a token the server rejects.
const (
	tokenMarker  = "\xfb\xff\xbf"
	tokenVersion = 1
	tokenHashLen = 8
	tokenMACLen  = 8
)

func (s *Server) bindingHash(path, binding string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("binding\x00" + path + "\x00" + binding))
	return m.Sum(nil)[:tokenHashLen]
}

func (s *Server) tokenMAC(payload []byte) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("skiptoken\x00"))
	m.Write(payload)
	return m.Sum(nil)[:tokenMACLen]
}

func (s *Server) encodeSkipToken(offset int, path, binding string) string {
	payload := append([]byte(tokenMarker), tokenVersion)
	payload = binary.AppendUvarint(payload, uint64(offset))
	payload = append(payload, s.bindingHash(path, binding)...)
	payload = append(payload, s.tokenMAC(payload)...)
	return "X'" + base64.StdEncoding.EncodeToString(payload) + "'"
}

// decodeSkipToken returns the offset a token stands for, or a 400 saying why
// the token is not acceptable.
func (s *Server) decodeSkipToken(tok, path, binding string) (int, error) {
	invalid := func(why string) (int, error) {
		return 0, badRequest("The $skiptoken is not valid: " + why + ". Follow @odata.nextLink exactly as the server sent it.")
	}
	inner, ok := strings.CutPrefix(tok, "X'")
	inner, ok2 := strings.CutSuffix(inner, "'")
	if !ok || !ok2 {
		return invalid("it is not in the form the server issued (was it decoded or re-encoded?)")
	}
	raw, err := base64.StdEncoding.DecodeString(inner)
	if err != nil {
		return invalid("it does not decode (a '+' read as a space, or a double-encoded character?)")
	}
	minLen := len(tokenMarker) + 2 + tokenHashLen + tokenMACLen
	if len(raw) < minLen || !bytes.HasPrefix(raw, []byte(tokenMarker)) || raw[len(tokenMarker)] != tokenVersion {
		return invalid("it was not issued by this server")
	}
	payload, mac := raw[:len(raw)-tokenMACLen], raw[len(raw)-tokenMACLen:]
	if !hmac.Equal(mac, s.tokenMAC(payload)) {
		return invalid("it was altered")
	}
	off, n := binary.Uvarint(payload[len(tokenMarker)+1:])
	rest := payload[len(tokenMarker)+1+max(n, 0):]
	if n <= 0 || len(rest) != tokenHashLen {
		return invalid("it is malformed")
	}
	if !hmac.Equal(rest, s.bindingHash(path, binding)) {
		return invalid("it belongs to a different query (the path or the other query options changed between pages)")
	}
	return int(off), nil
}

// nextLink is absolute, on the same host, keeps every original query option
// as sent and adds the new $skiptoken.
func (s *Server) nextLink(x *exchange, token string) string {
	var kept []string
	for _, part := range strings.Split(x.r.URL.RawQuery, "&") {
		if name, _, _ := strings.Cut(part, "="); part != "" && name != "$skiptoken" {
			kept = append(kept, part)
		}
	}
	kept = append(kept, "$skiptoken="+url.QueryEscape(token))
	return s.URL() + x.r.URL.EscapedPath() + "?" + strings.Join(kept, "&")
}
