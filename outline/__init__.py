# Marks outline/ as the package wuchuan_check.outline so its checklist files install with the tool.
