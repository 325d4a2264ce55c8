"""Personal data for onboarding: the roster HR keeps, verification codes and the SQLite
acknowledgement register. Rosters, registers and personal packs live outside the repository,
the sources and the site (:mod:`build_tools.people.places`); nothing here reaches a page, the
search index or a public PDF. May import review, views, source and util."""
