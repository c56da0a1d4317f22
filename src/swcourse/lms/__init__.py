"""LMS input and output: class rosters in, grades and question banks out."""
