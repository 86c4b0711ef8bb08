"""The web shell: layout, GOV.UK Frontend macros, i18n, forms, errors, static assets."""
