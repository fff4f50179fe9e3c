"""金点子: residents propose, support and follow ideas through 集、议、决、督."""
