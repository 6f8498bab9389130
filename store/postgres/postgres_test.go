package postgres

import (
	"errors"
	"strings"
	"testing"

	"github.com/tarn-data/tarn/store/storetest"
)

func TestOpenConnectsWithTheTarnPoolLimits(t *testing.T) {
	db, err := Open(storetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var one int
	if err := db.QueryRow("SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("SELECT 1 = %d, %v", one, err)
	}
	if got := db.Stats().MaxOpenConnections; got != MaxOpenConns {
		t.Fatalf("MaxOpenConnections = %d, want %d", got, MaxOpenConns)
	}
}

func TestOpenOfAnUnreachableServerNamesItWithoutThePassword(t *testing.T) {
	// Nothing listens on port 1 of the loopback address: refused at once.
	_, err := Open("postgres://tarn:hunter2@127.0.0.1:1/tarn?sslmode=disable&connect_timeout=5")
	if !errors.Is(err, ErrUnreachable) {
		t.Fatalf("err = %v, want ErrUnreachable", err)
	}
	if !strings.HasPrefix(err.Error(), "cannot reach Postgres at 127.0.0.1:1: ") {
		t.Errorf("error %q does not start with the server's address", err)
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error %q shows the password", err)
	}
}

func TestOpenRejectsAnUnparsableURLWithoutThePassword(t *testing.T) {
	_, err := Open("postgres://tarn:hunter2@db.internal:notaport/tarn")
	if !errors.Is(err, ErrURL) {
		t.Fatalf("err = %v, want ErrURL", err)
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error %q shows the password", err)
	}
}

func TestThePoolTakesItsLimitsFromTheURL(t *testing.T) {
	url := storetest.PostgresURL(t)
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	db, err := Open(url + sep + "pool_max_conns=3")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := db.Stats().MaxOpenConnections; got != 3 {
		t.Fatalf("MaxOpenConnections = %d, want the URL's 3", got)
	}
	var one int
	if err := db.QueryRow("SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("SELECT 1 = %d, %v", one, err)
	}
}
