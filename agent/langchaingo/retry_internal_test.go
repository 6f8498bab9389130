package langchaingo

import "testing"

func TestStatusIsReadFromEveryClientsErrorText(t *testing.T) {
	for text, want := range map[string]int{
		"API returned unexpected status code: 401: bad key":                                                401,
		"operation error Bedrock Runtime: InvokeModel, https response error StatusCode: 429, RequestID: x": 429,
		"googleapi: Error 403: API key not valid":                                                          403,
		"rpc error: code = ResourceExhausted desc = quota":                                                 429,
		"dial tcp 127.0.0.1:1: connect: connection refused":                                                0,
	} {
		if got := statusFromText(text); got != want {
			t.Errorf("statusFromText(%q) = %d, want %d", text, got, want)
		}
	}
}
