package lake

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// Note is what people wrote about a table: context layer 2.
type Note struct {
	Description string
	Owner       string
	Tags        []string // e.g. curated, scratch, internal
	Columns     []ColumnNote
}

// PIITags maps each column the note tags as personal data to its kind.
func (n Note) PIITags() map[string]string {
	tags := map[string]string{}
	for _, c := range n.Columns {
		if c.PII != "" {
			tags[c.Name] = c.PII
		}
	}
	return tags
}

// ColumnNote describes one column. PII names the kind of personal data the
// column holds (email, phone, ip, free_text, …) or is "".
type ColumnNote struct {
	Name        string
	Description string
	PII         string
}

// Page is a curated data-model page for a domain: context layer 4.
type Page struct {
	Domain string
	Title  string
	Body   string
}

// Annotate replaces the note of a table and its columns.
func (l *Lake) Annotate(ctx context.Context, id Ident, n Note) error {
	db := l.opts.Store
	tags, _ := json.Marshal(append([]string{}, n.Tags...))
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := l.opts.Clock.Now()
	if _, err := tx.ExecContext(ctx, db.Rebind(`DELETE FROM tarn_table_annotations WHERE namespace = ? AND name = ?`), id.Namespace, id.Name); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, db.Rebind(`INSERT INTO tarn_table_annotations (namespace, name, description, owner, tags, updated_at) VALUES (?, ?, ?, ?, ?, ?)`),
		id.Namespace, id.Name, n.Description, n.Owner, string(tags), now); err != nil {
		return fmt.Errorf("annotating %s: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, db.Rebind(`DELETE FROM tarn_column_annotations WHERE namespace = ? AND table_name = ?`), id.Namespace, id.Name); err != nil {
		return err
	}
	for _, c := range n.Columns {
		if _, err := tx.ExecContext(ctx, db.Rebind(`INSERT INTO tarn_column_annotations (namespace, table_name, column_name, description, pii) VALUES (?, ?, ?, ?, ?)`),
			id.Namespace, id.Name, c.Name, c.Description, c.PII); err != nil {
			return fmt.Errorf("annotating %s.%s: %w", id, c.Name, err)
		}
	}
	return tx.Commit()
}

// Note returns what is written about a table; an empty Note if nothing is.
func (l *Lake) Note(ctx context.Context, id Ident) (Note, error) {
	db := l.opts.Store
	var n Note
	var tags string
	err := db.QueryRowContext(ctx, db.Rebind(`SELECT description, owner, tags FROM tarn_table_annotations WHERE namespace = ? AND name = ?`),
		id.Namespace, id.Name).Scan(&n.Description, &n.Owner, &tags)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return n, err
	}
	if tags != "" {
		_ = json.Unmarshal([]byte(tags), &n.Tags)
	}
	rows, err := db.QueryContext(ctx, db.Rebind(`SELECT column_name, description, pii FROM tarn_column_annotations WHERE namespace = ? AND table_name = ?`), id.Namespace, id.Name)
	if err != nil {
		return n, err
	}
	defer rows.Close()
	for rows.Next() {
		var c ColumnNote
		if err := rows.Scan(&c.Name, &c.Description, &c.PII); err != nil {
			return n, err
		}
		n.Columns = append(n.Columns, c)
	}
	return n, rows.Err()
}

// PutPage creates or replaces a curated page.
func (l *Lake) PutPage(ctx context.Context, p Page) error {
	db := l.opts.Store
	_, err := db.ExecContext(ctx, db.Rebind(`DELETE FROM tarn_pages WHERE domain = ? AND title = ?`), p.Domain, p.Title)
	if err == nil {
		_, err = db.ExecContext(ctx, db.Rebind(`INSERT INTO tarn_pages (domain, title, body, updated_at) VALUES (?, ?, ?, ?)`), p.Domain, p.Title, p.Body, l.opts.Clock.Now())
	}
	return err
}

// Pages lists the curated pages, by domain and title.
func (l *Lake) Pages(ctx context.Context) ([]Page, error) {
	rows, err := l.opts.Store.QueryContext(ctx, `SELECT domain, title, body FROM tarn_pages ORDER BY domain, title`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Page
	for rows.Next() {
		var p Page
		if err := rows.Scan(&p.Domain, &p.Title, &p.Body); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
