package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// closeTimeout bounds closing a connection after a run.
const closeTimeout = 5 * time.Second

// attrKey names a table column: its table's OID and attribute number.
type attrKey struct {
	table uint32
	num   uint16
}

// attr is what the Postgres catalog says of an origin table's column.
type attr struct{ notNull, primary bool }

// sourceCatalog is what the Postgres catalog says of a source's columns.
type sourceCatalog struct {
	display []string // format_type(type, modifier) of each column
	base    []string // format_type(type, -1): the type for casts
	types   map[uint32]typeRow
	attrs   map[attrKey]attr
}

// catalog reads what describe needs of the Postgres catalog for fields:
// type names, the pg_type rows behind them (through domains and array
// elements), and NOT NULL and primary keys of the columns they come from.
// It returns the errors of s.err.
func (s *source) catalog(ctx context.Context, fields []pgconn.FieldDescription) (*sourceCatalog, error) {
	cat := &sourceCatalog{types: map[uint32]typeRow{}, attrs: map[attrKey]attr{}}
	oids := make([]uint32, len(fields))
	mods := make([]int32, len(fields))
	var tables []uint32
	var nums []int16
	for i, f := range fields {
		oids[i], mods[i] = f.DataTypeOID, f.TypeModifier
		if f.TableOID != 0 {
			tables, nums = append(tables, f.TableOID), append(nums, int16(f.TableAttributeNumber))
		}
	}
	rows, err := s.conn.Query(ctx, `SELECT format_type(u.o, u.m), format_type(u.o, -1)
		FROM unnest($1::oid[], $2::int4[]) WITH ORDINALITY AS u(o, m, i) ORDER BY u.i`, oids, mods)
	if err != nil {
		return nil, s.err(ctx, err, "reading column types")
	}
	for rows.Next() {
		var d, b string
		if err := rows.Scan(&d, &b); err != nil {
			rows.Close()
			return nil, s.err(ctx, err, "reading column types")
		}
		cat.display, cat.base = append(cat.display, d), append(cat.base, b)
	}
	if err := rows.Err(); err != nil {
		return nil, s.err(ctx, err, "reading column types")
	}

	// pg_type rows, following domains to their base types and arrays to
	// their elements.
	for pending := oids; len(pending) > 0; {
		rows, err := s.conn.Query(ctx, `SELECT oid, format_type(oid, NULL), typtype::text, typbasetype, typtypmod, typelem, typcategory::text, typlen
			FROM pg_type WHERE oid = ANY($1::oid[])`, pending)
		if err != nil {
			return nil, s.err(ctx, err, "reading column types")
		}
		pending = nil
		for rows.Next() {
			var t typeRow
			var typtype, category string
			if err := rows.Scan(&t.oid, &t.name, &typtype, &t.base, &t.typmod, &t.elem, &category, &t.length); err != nil {
				rows.Close()
				return nil, s.err(ctx, err, "reading column types")
			}
			t.typtype, t.category = typtype[0], category[0]
			cat.types[t.oid] = t
			for _, next := range []uint32{t.base, t.elem} {
				if _, ok := cat.types[next]; next != 0 && !ok {
					pending = append(pending, next)
				}
			}
		}
		if err := rows.Err(); err != nil {
			return nil, s.err(ctx, err, "reading column types")
		}
	}

	if len(tables) == 0 {
		return cat, nil
	}
	rows, err = s.conn.Query(ctx, `SELECT a.attrelid, a.attnum, a.attnotnull,
			EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary AND a.attnum = ANY (i.indkey))
		FROM pg_attribute a JOIN unnest($1::oid[], $2::int2[]) AS u(t, n) ON a.attrelid = u.t AND a.attnum = u.n`, tables, nums)
	if err != nil {
		return nil, s.err(ctx, err, "reading column constraints")
	}
	defer rows.Close()
	for rows.Next() {
		var k attrKey
		var num int16
		var a attr
		if err := rows.Scan(&k.table, &num, &a.notNull, &a.primary); err != nil {
			return nil, s.err(ctx, err, "reading column constraints")
		}
		k.num = uint16(num)
		cat.attrs[k] = a
	}
	if err := rows.Err(); err != nil {
		return nil, s.err(ctx, err, "reading column constraints")
	}
	return cat, nil
}
