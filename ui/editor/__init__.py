"""The assessment editor: a case's sections, fields, routes, autosave and sign-off.

Object names: a top-level field's input widget is named by its field id (`name_latin`); a
repeatable group's item fields are `group_id[index].sub_id` (`aliases[0].alias_text`), the same
ids forms.readiness uses for what is missing; parts of a composite input add `.part`
(`dob_claimed.year`, `languages.add`, `ind_control.ctl_isolated.note`).
"""
