/// The warehouse schema as forward migrations. Migration `n` takes `PRAGMA user_version` from n-1 to n.
/// Never edit a released migration: add a new one.
enum Schema {
  static let migrations: [String] = [
    // 1: users, deal stages, contacts with their details, deals, rates, runs and source rows.
    """
    CREATE TABLE users (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      email TEXT
    );
    CREATE TABLE deal_stages (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
      status TEXT NOT NULL CHECK (status IN ('open', 'won', 'lost')),
      position INTEGER NOT NULL,
      colour TEXT
    );
    CREATE TABLE import_runs (
      id INTEGER PRIMARY KEY,
      pipeline TEXT NOT NULL,
      started_at TEXT NOT NULL,
      as_of TEXT NOT NULL,
      finished_at TEXT,
      status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed'))
    );
    CREATE TABLE import_files (
      id INTEGER PRIMARY KEY,
      run_id INTEGER NOT NULL REFERENCES import_runs(id),
      stage_kind TEXT NOT NULL,
      stage_id TEXT NOT NULL,
      path TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      rows_read INTEGER NOT NULL DEFAULT 0,
      inserted INTEGER NOT NULL DEFAULT 0,
      updated INTEGER NOT NULL DEFAULT 0,
      skipped INTEGER NOT NULL DEFAULT 0,
      rejected INTEGER NOT NULL DEFAULT 0,
      UNIQUE (stage_kind, sha256)
    );
    CREATE TABLE contacts (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('person', 'company')),
      first_name TEXT,
      last_name TEXT,
      company_name TEXT,
      display_name TEXT NOT NULL,
      match_name TEXT NOT NULL,
      company_id INTEGER REFERENCES contacts(id),
      job_title TEXT,
      contact_type TEXT,
      temperature TEXT,
      currency TEXT,
      access TEXT NOT NULL DEFAULT 'public-read-write'
        CHECK (access IN ('public-read', 'public-read-write', 'private')),
      notes TEXT,
      created_at TEXT NOT NULL,
      -- Survivorship: the provenance of every field, unless contact_field_sources says otherwise.
      source_priority INTEGER NOT NULL DEFAULT 0,
      source_sequence INTEGER NOT NULL DEFAULT 0,
      CHECK (kind = 'person' OR company_id IS NULL)
    );
    CREATE INDEX contacts_match_name ON contacts(kind, match_name);
    CREATE TABLE contact_responsibles (
      contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      user_id TEXT NOT NULL REFERENCES users(id),
      PRIMARY KEY (contact_id, user_id)
    );
    CREATE TABLE contact_access_users (
      contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      user_id TEXT NOT NULL REFERENCES users(id),
      PRIMARY KEY (contact_id, user_id)
    );
    CREATE TABLE contact_emails (
      id INTEGER PRIMARY KEY,
      contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      email TEXT NOT NULL,
      email_key TEXT NOT NULL,
      is_primary INTEGER NOT NULL DEFAULT 0,
      UNIQUE (contact_id, email_key)
    );
    CREATE INDEX contact_emails_key ON contact_emails(email_key);
    CREATE TABLE contact_phones (
      id INTEGER PRIMARY KEY,
      contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      phone TEXT NOT NULL,
      e164 TEXT,
      is_valid INTEGER NOT NULL DEFAULT 0,
      problem TEXT,
      is_primary INTEGER NOT NULL DEFAULT 0,
      UNIQUE (contact_id, phone)
    );
    CREATE INDEX contact_phones_e164 ON contact_phones(e164) WHERE e164 IS NOT NULL;
    CREATE TABLE contact_custom_fields (
      contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (contact_id, name)
    );
    CREATE TABLE contact_external_ids (
      source TEXT NOT NULL,
      external_id TEXT NOT NULL,
      contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      PRIMARY KEY (source, external_id)
    );
    -- Which source supplied a golden field when it is not the contact's first source.
    CREATE TABLE contact_field_sources (
      contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      field TEXT NOT NULL,
      priority INTEGER NOT NULL,
      sequence INTEGER NOT NULL,
      PRIMARY KEY (contact_id, field)
    );
    -- Golden contacts merged into another when a row linked both (transitive clusters).
    CREATE TABLE contact_merges (
      id INTEGER PRIMARY KEY,
      from_id INTEGER NOT NULL,
      into_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      rule TEXT NOT NULL,
      score REAL NOT NULL,
      file_id INTEGER NOT NULL REFERENCES import_files(id),
      line INTEGER NOT NULL
    );
    CREATE TABLE contact_addresses (
      id INTEGER PRIMARY KEY,
      contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      street TEXT, city TEXT, state TEXT, zip TEXT, country TEXT,
      UNIQUE (contact_id, street, city, state, zip, country)
    );
    CREATE TABLE contact_websites (
      id INTEGER PRIMARY KEY,
      contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      url TEXT NOT NULL,
      UNIQUE (contact_id, url)
    );
    CREATE TABLE tags (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      name_key TEXT NOT NULL UNIQUE
    );
    CREATE TABLE contact_tags (
      contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      tag_id INTEGER NOT NULL REFERENCES tags(id),
      PRIMARY KEY (contact_id, tag_id)
    );
    CREATE TABLE deals (
      id INTEGER PRIMARY KEY,
      external_id TEXT UNIQUE,
      title TEXT NOT NULL,
      description TEXT,
      contact_id INTEGER REFERENCES contacts(id),
      responsible_id TEXT NOT NULL REFERENCES users(id),
      stage_id INTEGER NOT NULL REFERENCES deal_stages(id),
      probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
      bid_currency TEXT NOT NULL,
      bid_value_minor INTEGER NOT NULL,
      bid_type TEXT NOT NULL
        CHECK (bid_type IN ('fixed', 'per-hour', 'per-day', 'per-week', 'per-month', 'per-year')),
      period_count INTEGER NOT NULL DEFAULT 0 CHECK (period_count >= 0),
      expected_close_date TEXT,
      actual_close_date TEXT,
      created_at TEXT NOT NULL
    );
    CREATE INDEX deals_created ON deals(created_at);
    CREATE TABLE exchange_rates (
      from_currency TEXT NOT NULL,
      to_currency TEXT NOT NULL,
      rate TEXT NOT NULL,
      PRIMARY KEY (from_currency, to_currency)
    );
    CREATE TABLE rejected_rows (
      id INTEGER PRIMARY KEY,
      file_id INTEGER NOT NULL REFERENCES import_files(id),
      line INTEGER NOT NULL,
      field TEXT NOT NULL,
      reason TEXT NOT NULL,
      raw TEXT NOT NULL,
      exported INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX rejected_rows_unexported ON rejected_rows(exported) WHERE exported = 0;
    CREATE TABLE source_rows (
      id INTEGER PRIMARY KEY,
      file_id INTEGER NOT NULL REFERENCES import_files(id),
      line INTEGER NOT NULL,
      entity TEXT NOT NULL CHECK (entity IN ('contact', 'deal')),
      entity_id INTEGER NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('inserted', 'updated', 'unchanged')),
      rule TEXT,
      score REAL,
      raw TEXT NOT NULL
    );
    CREATE INDEX source_rows_entity ON source_rows(entity, entity_id);
    """,
    // 2: calls and the contact history, where a contact came from, and source rows of calls.
    """
    ALTER TABLE contacts ADD COLUMN origin TEXT;
    CREATE INDEX contacts_company ON contacts(company_id) WHERE company_id IS NOT NULL;
    CREATE TABLE calls (
      sid TEXT PRIMARY KEY,
      parent_sid TEXT,
      direction TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
      twilio_direction TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('answered', 'missed', 'outgoing', 'pending')),
      twilio_status TEXT NOT NULL,
      from_number TEXT,
      to_number TEXT,
      remote_number TEXT,
      agent_id TEXT REFERENCES users(id),
      contact_id INTEGER REFERENCES contacts(id),
      started_at TEXT,
      duration_seconds INTEGER CHECK (duration_seconds >= 0),
      cost TEXT,
      cost_currency TEXT,
      recording_url TEXT,
      updated_at TEXT,
      sequence INTEGER,
      file_id INTEGER NOT NULL REFERENCES import_files(id)
    );
    CREATE INDEX calls_parent ON calls(parent_sid) WHERE parent_sid IS NOT NULL;
    CREATE INDEX calls_contact ON calls(contact_id) WHERE contact_id IS NOT NULL;
    CREATE INDEX calls_started ON calls(started_at);
    CREATE TABLE contact_history (
      id INTEGER PRIMARY KEY,
      contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('incoming-call', 'outgoing-call')),
      occurred_at TEXT NOT NULL,
      text TEXT NOT NULL,
      call_sid TEXT UNIQUE REFERENCES calls(sid)
    );
    CREATE INDEX contact_history_contact ON contact_history(contact_id);
    CREATE TABLE source_rows_v2 (
      id INTEGER PRIMARY KEY,
      file_id INTEGER NOT NULL REFERENCES import_files(id),
      line INTEGER NOT NULL,
      entity TEXT NOT NULL CHECK (entity IN ('contact', 'deal', 'call')),
      entity_id INTEGER NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('inserted', 'updated', 'unchanged')),
      rule TEXT,
      score REAL,
      raw TEXT NOT NULL
    );
    INSERT INTO source_rows_v2 SELECT id, file_id, line, entity, entity_id, action, rule, score, raw FROM source_rows;
    DROP TABLE source_rows;
    ALTER TABLE source_rows_v2 RENAME TO source_rows;
    CREATE INDEX source_rows_entity ON source_rows(entity, entity_id);
    """,
    // 3: emails, phones and external ids as one B-tree each (clustered by contact, or by
    // source and id), in the order they came (`position`); indexes for what a merge re-points.
    // Exchange rates are dated (`valid_from`, '' when undated) and traced to their file and
    // line. Tasks and events (the reference CRM's cases, with participants, tags and access);
    // deals' other participants, tags and access users; invoices and their lines.
    // Source rows may be rates, tasks and events.
    // Contacts and source rows check their value lists with comparisons: SQLite evaluates a
    // CHECK with `IN (...)` through a temporary table opened at every insert, which doubled
    // the cost of landing a contact.
    """
    CREATE TABLE contacts_v3 (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind = 'person' OR kind = 'company'),
      first_name TEXT,
      last_name TEXT,
      company_name TEXT,
      display_name TEXT NOT NULL,
      match_name TEXT NOT NULL,
      company_id INTEGER REFERENCES contacts(id),
      job_title TEXT,
      contact_type TEXT,
      temperature TEXT,
      currency TEXT,
      access TEXT NOT NULL DEFAULT 'public-read-write'
        CHECK (access = 'public-read' OR access = 'public-read-write' OR access = 'private'),
      notes TEXT,
      created_at TEXT NOT NULL,
      source_priority INTEGER NOT NULL DEFAULT 0,
      source_sequence INTEGER NOT NULL DEFAULT 0,
      origin TEXT,
      CHECK (kind = 'person' OR company_id IS NULL)
    );
    INSERT INTO contacts_v3
      SELECT id, kind, first_name, last_name, company_name, display_name, match_name, company_id, job_title,
        contact_type, temperature, currency, access, notes, created_at, source_priority, source_sequence, origin
      FROM contacts;
    DROP TABLE contacts;
    ALTER TABLE contacts_v3 RENAME TO contacts;
    CREATE INDEX contacts_match_name ON contacts(kind, match_name);
    CREATE INDEX contacts_company ON contacts(company_id) WHERE company_id IS NOT NULL;
    CREATE TABLE source_rows_v3 (
      id INTEGER PRIMARY KEY,
      file_id INTEGER NOT NULL REFERENCES import_files(id),
      line INTEGER NOT NULL,
      entity TEXT NOT NULL
        CHECK (
          entity = 'contact' OR entity = 'deal' OR entity = 'call' OR entity = 'rate' OR entity = 'task' OR entity = 'event'
          OR entity = 'invoice'
        ),
      entity_id INTEGER NOT NULL,
      action TEXT NOT NULL CHECK (action = 'inserted' OR action = 'updated' OR action = 'unchanged'),
      rule TEXT,
      score REAL,
      raw TEXT NOT NULL
    );
    INSERT INTO source_rows_v3 SELECT id, file_id, line, entity, entity_id, action, rule, score, raw FROM source_rows;
    DROP TABLE source_rows;
    ALTER TABLE source_rows_v3 RENAME TO source_rows;
    CREATE INDEX source_rows_entity ON source_rows(entity, entity_id);
    CREATE TABLE contact_emails_v3 (
      contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      email_key TEXT NOT NULL,
      email TEXT NOT NULL,
      is_primary INTEGER NOT NULL DEFAULT 0,
      position INTEGER NOT NULL,
      PRIMARY KEY (contact_id, email_key)
    ) WITHOUT ROWID;
    INSERT INTO contact_emails_v3 SELECT contact_id, email_key, email, is_primary, id FROM contact_emails;
    DROP TABLE contact_emails;
    ALTER TABLE contact_emails_v3 RENAME TO contact_emails;
    CREATE INDEX contact_emails_key ON contact_emails(email_key);
    CREATE TABLE contact_phones_v3 (
      contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      phone TEXT NOT NULL,
      e164 TEXT,
      is_valid INTEGER NOT NULL DEFAULT 0,
      problem TEXT,
      is_primary INTEGER NOT NULL DEFAULT 0,
      position INTEGER NOT NULL,
      PRIMARY KEY (contact_id, phone)
    ) WITHOUT ROWID;
    INSERT INTO contact_phones_v3 SELECT contact_id, phone, e164, is_valid, problem, is_primary, id FROM contact_phones;
    DROP TABLE contact_phones;
    ALTER TABLE contact_phones_v3 RENAME TO contact_phones;
    CREATE INDEX contact_phones_e164 ON contact_phones(e164) WHERE e164 IS NOT NULL;
    CREATE TABLE contact_external_ids_v3 (
      source TEXT NOT NULL,
      external_id TEXT NOT NULL,
      contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      PRIMARY KEY (source, external_id)
    ) WITHOUT ROWID;
    INSERT INTO contact_external_ids_v3 SELECT source, external_id, contact_id FROM contact_external_ids;
    DROP TABLE contact_external_ids;
    ALTER TABLE contact_external_ids_v3 RENAME TO contact_external_ids;
    CREATE INDEX contact_external_ids_contact ON contact_external_ids(contact_id);
    CREATE INDEX deals_contact ON deals(contact_id) WHERE contact_id IS NOT NULL;
    CREATE INDEX contact_merges_into ON contact_merges(into_id);
    CREATE TABLE exchange_rates_v3 (
      id INTEGER PRIMARY KEY,
      from_currency TEXT NOT NULL,
      to_currency TEXT NOT NULL,
      valid_from TEXT NOT NULL DEFAULT '',
      rate TEXT NOT NULL,
      file_id INTEGER REFERENCES import_files(id),
      line INTEGER,
      UNIQUE (from_currency, to_currency, valid_from)
    );
    INSERT INTO exchange_rates_v3 (from_currency, to_currency, rate) SELECT from_currency, to_currency, rate FROM exchange_rates;
    DROP TABLE exchange_rates;
    ALTER TABLE exchange_rates_v3 RENAME TO exchange_rates;
    CREATE TABLE events (
      id INTEGER PRIMARY KEY,
      external_id TEXT UNIQUE,
      title TEXT NOT NULL,
      is_closed INTEGER NOT NULL DEFAULT 0 CHECK (is_closed = 0 OR is_closed = 1),
      created_at TEXT NOT NULL
    );
    CREATE TABLE event_participants (
      event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      PRIMARY KEY (event_id, contact_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_participants_contact ON event_participants(contact_id);
    CREATE TABLE event_tags (
      event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      tag_id INTEGER NOT NULL REFERENCES tags(id),
      PRIMARY KEY (event_id, tag_id)
    ) WITHOUT ROWID;
    -- An event with access users is restricted to them; without, everyone sees it.
    CREATE TABLE event_access_users (
      event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      user_id TEXT NOT NULL REFERENCES users(id),
      PRIMARY KEY (event_id, user_id)
    ) WITHOUT ROWID;
    CREATE TABLE deal_participants (
      deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
      contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      PRIMARY KEY (deal_id, contact_id)
    ) WITHOUT ROWID;
    CREATE INDEX deal_participants_contact ON deal_participants(contact_id);
    CREATE TABLE deal_tags (
      deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
      tag_id INTEGER NOT NULL REFERENCES tags(id),
      PRIMARY KEY (deal_id, tag_id)
    ) WITHOUT ROWID;
    -- A deal with access users is restricted to them (and its responsible); without, everyone sees it.
    CREATE TABLE deal_access_users (
      deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
      user_id TEXT NOT NULL REFERENCES users(id),
      PRIMARY KEY (deal_id, user_id)
    ) WITHOUT ROWID;
    CREATE TABLE tasks (
      id INTEGER PRIMARY KEY,
      external_id TEXT UNIQUE,
      title TEXT NOT NULL,
      description TEXT,
      category TEXT NOT NULL,
      deadline TEXT NOT NULL,
      responsible_id TEXT NOT NULL REFERENCES users(id),
      contact_id INTEGER REFERENCES contacts(id),
      deal_id INTEGER REFERENCES deals(id),
      event_id INTEGER REFERENCES events(id),
      is_closed INTEGER NOT NULL DEFAULT 0 CHECK (is_closed = 0 OR is_closed = 1),
      closed_at TEXT,
      created_at TEXT NOT NULL,
      CHECK (is_closed = 1 OR closed_at IS NULL)
    );
    CREATE INDEX tasks_responsible ON tasks(responsible_id);
    CREATE INDEX tasks_contact ON tasks(contact_id) WHERE contact_id IS NOT NULL;
    CREATE INDEX tasks_deal ON tasks(deal_id) WHERE deal_id IS NOT NULL;
    -- Invoices: amounts in minor units of the invoice's currency, computed by InvoiceMath.
    CREATE TABLE invoices (
      id INTEGER PRIMARY KEY,
      number TEXT NOT NULL UNIQUE,
      status TEXT NOT NULL
        CHECK (status = 'draft' OR status = 'sent' OR status = 'paid' OR status = 'rejected' OR status = 'archived'),
      status_changed_at TEXT NOT NULL,
      issue_date TEXT NOT NULL,
      due_date TEXT,
      client_id INTEGER NOT NULL REFERENCES contacts(id),
      consignee_id INTEGER REFERENCES contacts(id),
      deal_id INTEGER REFERENCES deals(id),
      responsible_id TEXT REFERENCES users(id),
      language TEXT,
      currency TEXT NOT NULL,
      exchange_rate TEXT,
      order_number TEXT,
      terms TEXT,
      notes TEXT,
      subtotal_minor INTEGER NOT NULL,
      discount_minor INTEGER NOT NULL,
      tax_minor INTEGER NOT NULL,
      total_minor INTEGER NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX invoices_client ON invoices(client_id);
    -- Reports read the rows of a period.
    CREATE INDEX contacts_created ON contacts(created_at);
    CREATE INDEX deals_closed ON deals(actual_close_date) WHERE actual_close_date IS NOT NULL;
    CREATE INDEX deals_expected ON deals(expected_close_date) WHERE expected_close_date IS NOT NULL;
    CREATE INDEX tasks_created ON tasks(created_at);
    -- Why a failed run failed. A run's as-of is its local day (it was the instant in UTC).
    ALTER TABLE import_runs ADD COLUMN error TEXT;
    UPDATE import_runs SET as_of = substr(as_of, 1, 10) WHERE length(as_of) > 10;
    -- The settings each run used, as YAML, for reports made later without a pipeline file.
    CREATE TABLE settings_snapshots (
      id INTEGER PRIMARY KEY,
      run_id INTEGER NOT NULL REFERENCES import_runs(id),
      yaml TEXT NOT NULL
    );
    CREATE TABLE invoice_lines (
      invoice_id INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      product TEXT NOT NULL,
      description TEXT,
      quantity TEXT NOT NULL,
      price TEXT NOT NULL,
      discount_percent TEXT NOT NULL,
      tax1 TEXT,
      tax1_rate TEXT,
      tax2 TEXT,
      tax2_rate TEXT,
      net_minor INTEGER NOT NULL,
      amount_minor INTEGER NOT NULL,
      PRIMARY KEY (invoice_id, position)
    ) WITHOUT ROWID;
    """,
    // 4: the contacts report counts by type and temperature straight from the index.
    """
    DROP INDEX contacts_created;
    CREATE INDEX contacts_created ON contacts(created_at, contact_type, temperature);
    """,
    // 5: a run left `running` by a process that died is marked `interrupted` by the next run.
    """
    CREATE TABLE import_runs_new (
      id INTEGER PRIMARY KEY,
      pipeline TEXT NOT NULL,
      started_at TEXT NOT NULL,
      as_of TEXT NOT NULL,
      finished_at TEXT,
      status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
      error TEXT
    );
    INSERT INTO import_runs_new (id, pipeline, started_at, as_of, finished_at, status, error)
      SELECT id, pipeline, started_at, as_of, finished_at, status, error FROM import_runs;
    DROP TABLE import_runs;
    ALTER TABLE import_runs_new RENAME TO import_runs;
    """,
    // 6: every name and company key a golden contact was matched under, for the matcher to
    // rebuild what it knew within a run (a later run, or a rerun after a kill, then decides as
    // one run would). Existing contacts start with their stored name and their company's key.
    """
    CREATE TABLE contact_match_keys (
      contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind = 'name' OR kind = 'company'),
      key TEXT NOT NULL,
      PRIMARY KEY (contact_id, kind, key)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO contact_match_keys (contact_id, kind, key)
      SELECT id, 'name', match_name FROM contacts WHERE match_name != '';
    INSERT OR IGNORE INTO contact_match_keys (contact_id, kind, key)
      SELECT p.id, 'company', c.match_name FROM contacts p JOIN contacts c ON c.id = p.company_id
      WHERE p.kind = 'person' AND c.match_name != '';
    """,
    // 7: probabilistic matching. Every row that landed a contact keeps the fields the matcher
    // compares (`match_records`), the model learnt from the data (`match_models`), pairs left
    // to a person and their decisions (`possible_duplicates`), a link's evidence in
    // `source_rows.evidence`, and a contact's date of birth. Existing contacts get their
    // records from their golden values when the matcher first reads the warehouse.
    """
    CREATE TABLE match_records (
      id INTEGER PRIMARY KEY,
      contact_id INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('person', 'company')),
      first_name TEXT, last_name TEXT, company TEXT, emails TEXT, phones TEXT, street TEXT, postcode TEXT,
      city TEXT, country TEXT, birthday TEXT, external_id TEXT
    );
    CREATE INDEX match_records_contact ON match_records(contact_id);
    CREATE TABLE match_models (
      id INTEGER PRIMARY KEY,
      run_id INTEGER NOT NULL,
      stage_id TEXT NOT NULL,
      model TEXT NOT NULL
    );
    CREATE TABLE possible_duplicates (
      id INTEGER PRIMARY KEY,
      contact_id INTEGER NOT NULL,
      other_id INTEGER NOT NULL,
      probability REAL NOT NULL,
      weight REAL NOT NULL,
      evidence TEXT NOT NULL,
      reason TEXT NOT NULL,
      run_id INTEGER NOT NULL,
      file_id INTEGER,
      line INTEGER,
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'kept-apart')),
      decided_at TEXT,
      UNIQUE (contact_id, other_id)
    );
    ALTER TABLE source_rows ADD COLUMN evidence TEXT;
    ALTER TABLE contacts ADD COLUMN birthday TEXT;
    """,
    // 8: the matcher's index in the warehouse, so that a file is matched by reading only its
    // candidates. `match_keys`: each match record's blocking keys (64-bit hashes, stopped at
    // a key's first 51 records); `match_terms`: how many records hold each name, company
    // and city value (term frequencies), and each kind (the population). Keys are written
    // by the matcher when it first reads a warehouse without them; the terms come from the
    // records here. `contact_match_keys`, unused since schema 7, goes.
    """
    CREATE TABLE match_keys (
      key INTEGER NOT NULL,
      record_id INTEGER NOT NULL
    );
    CREATE INDEX match_keys_key ON match_keys(key, record_id);
    CREATE TABLE match_terms (
      field TEXT NOT NULL,
      value TEXT NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (field, value)
    ) WITHOUT ROWID;
    \(matchTermsFromRecords)
    DROP TABLE contact_match_keys;
    """,
  ]

  /// Fills `match_terms` from `match_records` (the table must be empty), one sort a field.
  static let matchTermsFromRecords = ["first_name", "last_name", "company", "city", "kind"].map { field in
    """
    INSERT INTO match_terms (field, value, count)
      SELECT '\(field)', \(field), count(*) FROM match_records WHERE \(field) IS NOT NULL GROUP BY \(field);
    """
  }.joined(separator: "\n")

  /// Secondary indexes on keys that arrive in random order. A large import drops them and
  /// builds them again at its end, in the same transaction: one sort instead of a random
  /// B-tree insert a row. Nothing an import does while they are gone reads them.
  static func deferrableIndexes(_ table: BulkTable) -> [(name: String, create: String)] {
    switch table {
    case .contacts:
      [
        ("contacts_match_name", "CREATE INDEX contacts_match_name ON contacts(kind, match_name)"),
        ("contact_emails_key", "CREATE INDEX contact_emails_key ON contact_emails(email_key)"),
        ("contact_phones_e164", "CREATE INDEX contact_phones_e164 ON contact_phones(e164) WHERE e164 IS NOT NULL"),
        ("contacts_created", "CREATE INDEX contacts_created ON contacts(created_at, contact_type, temperature)"),
        ("match_keys_key", "CREATE INDEX match_keys_key ON match_keys(key, record_id)"),
      ]
    case .deals:
      [
        ("deals_created", "CREATE INDEX deals_created ON deals(created_at)"),
        ("deals_contact", "CREATE INDEX deals_contact ON deals(contact_id) WHERE contact_id IS NOT NULL"),
        ("deals_closed", "CREATE INDEX deals_closed ON deals(actual_close_date) WHERE actual_close_date IS NOT NULL"),
        (
          "deals_expected",
          "CREATE INDEX deals_expected ON deals(expected_close_date) WHERE expected_close_date IS NOT NULL"
        ),
      ]
    }
  }

}
