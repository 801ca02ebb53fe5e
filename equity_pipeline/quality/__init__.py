"""Great Expectations suites (as code) and the runner that validates DataFrames with them."""
