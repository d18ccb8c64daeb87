package term

// decGraphics maps ASCII to the DEC special graphics (line drawing) set.
func decGraphics(r rune) rune {
	if r >= 0x5f && r <= 0x7e {
		return decGraphicsTable[r-0x5f]
	}
	return r
}

var decGraphicsTable = [...]rune{
	' ', '◆', '▒', '␉', '␌', '␍', '␊', '°', '±', '␤', '␋', '┘', '┐', '┌', '└', '┼',
	'⎺', '⎻', '─', '⎼', '⎽', '├', '┤', '┴', '┬', '│', '≤', '≥', 'π', '≠', '£', '·',
}
