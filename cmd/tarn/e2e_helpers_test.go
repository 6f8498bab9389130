package main

import "os"

// osMkdirTemp makes the shared demo directory; it lives for the test binary.
func osMkdirTemp() (string, error) { return os.MkdirTemp("", "tarn-e2e-") }
