/// What a user may see, as SQL conditions (the reference CRM's access rules, section 8 of
/// its analysis). Each takes the viewer's id as its `?` parameters.
enum Visibility {
  /// A contact `alias` the viewer may see: shared (read or read-write), or private with the
  /// viewer among its access users or responsible managers. Two parameters.
  static func contact(_ alias: String) -> String {
    """
    (\(alias).access <> 'private'
      OR EXISTS (SELECT 1 FROM contact_access_users v WHERE v.contact_id = \(alias).id AND v.user_id = ?)
      OR EXISTS (SELECT 1 FROM contact_responsibles v WHERE v.contact_id = \(alias).id AND v.user_id = ?))
    """
  }

  /// A deal `alias` the viewer may see: not restricted, or restricted with the viewer among its
  /// access users or as its responsible. Two parameters.
  static func deal(_ alias: String) -> String {
    """
    (NOT EXISTS (SELECT 1 FROM deal_access_users v WHERE v.deal_id = \(alias).id)
      OR \(alias).responsible_id = ?
      OR EXISTS (SELECT 1 FROM deal_access_users v WHERE v.deal_id = \(alias).id AND v.user_id = ?))
    """
  }

  /// A task or invoice (`alias`, its owner column `owner`) the viewer may see: theirs, or one
  /// whose contact (`contactColumn`) or deal they may see. Five parameters.
  static func linked(_ alias: String, owner: String, contactColumn: String) -> String {
    """
    (\(alias).\(owner) = ?
      OR EXISTS (SELECT 1 FROM contacts vc WHERE vc.id = \(alias).\(contactColumn) AND \(contact("vc")))
      OR EXISTS (SELECT 1 FROM deals vd WHERE vd.id = \(alias).deal_id AND \(deal("vd"))))
    """
  }
}
