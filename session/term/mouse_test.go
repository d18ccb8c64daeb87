package term

import "testing"

func TestEncodeMouse(t *testing.T) {
	left := func(a MouseAction, x, y int) MouseEvent { return MouseEvent{X: x, Y: y, Button: ButtonLeft, Action: a} }
	type want struct{ sgr, legacy string } // "" means no report
	cases := []struct {
		name  string
		ev    MouseEvent
		level map[MouseTracking]bool // levels that report the event; MouseOff never does
		want  want
	}{
		{"left press", left(MousePress, 0, 0), mouseAll3, want{"\x1b[<0;1;1M", "\x1b[M !!"}},
		{"left release", left(MouseRelease, 4, 2), mouseAll3, want{"\x1b[<0;5;3m", "\x1b[M#%#"}},
		{"middle press", MouseEvent{X: 9, Y: 9, Button: ButtonMiddle}, mouseAll3, want{"\x1b[<1;10;10M", "\x1b[M!**"}},
		{"right press", MouseEvent{X: 1, Y: 0, Button: ButtonRight}, mouseAll3, want{"\x1b[<2;2;1M", "\x1b[M\"\"!"}},
		{"right release", MouseEvent{Button: ButtonRight, Action: MouseRelease}, mouseAll3, want{"\x1b[<2;1;1m", "\x1b[M#!!"}},
		{"wheel up", MouseEvent{Button: ButtonWheelUp}, mouseAll3, want{"\x1b[<64;1;1M", "\x1b[M`!!"}},
		{"wheel down", MouseEvent{Button: ButtonWheelDown}, mouseAll3, want{"\x1b[<65;1;1M", "\x1b[Ma!!"}},
		{"wheel left", MouseEvent{Button: ButtonWheelLeft}, mouseAll3, want{"\x1b[<66;1;1M", "\x1b[Mb!!"}},
		{"wheel right", MouseEvent{Button: ButtonWheelRight}, mouseAll3, want{"\x1b[<67;1;1M", "\x1b[Mc!!"}},
		{"wheel release is never reported", MouseEvent{Button: ButtonWheelUp, Action: MouseRelease}, mouseNever, want{}},
		{"press without button", MouseEvent{Button: ButtonNone}, mouseNever, want{}},
		{"shift alt ctrl press", MouseEvent{Button: ButtonLeft, Shift: true, Alt: true, Ctrl: true}, mouseAll3, want{"\x1b[<28;1;1M", "\x1b[M<!!"}},
		{"ctrl wheel", MouseEvent{Button: ButtonWheelUp, Ctrl: true}, mouseAll3, want{"\x1b[<80;1;1M", "\x1b[Mp!!"}},
		{"shift release keeps modifier in legacy", MouseEvent{Button: ButtonLeft, Action: MouseRelease, Shift: true}, mouseAll3, want{"\x1b[<4;1;1m", "\x1b[M'!!"}},
		{"drag", left(MouseMotion, 3, 4), mouseButtonAndAny, want{"\x1b[<32;4;5M", "\x1b[M@$%"}},
		{"right drag", MouseEvent{X: 3, Y: 4, Button: ButtonRight, Action: MouseMotion}, mouseButtonAndAny, want{"\x1b[<34;4;5M", "\x1b[MB$%"}},
		{"motion without button", MouseEvent{X: 3, Y: 4, Action: MouseMotion}, mouseAnyOnly, want{"\x1b[<35;4;5M", "\x1b[MC$%"}},
		{"wheel motion", MouseEvent{Button: ButtonWheelUp, Action: MouseMotion}, mouseNever, want{}},
		{"largest legacy coordinate", left(MousePress, 222, 222), mouseAll3, want{"\x1b[<0;223;223M", "\x1b[M \xff\xff"}},
		{"x past legacy range", left(MousePress, 223, 0), mouseAll3, want{"\x1b[<0;224;1M", ""}},
		{"y past legacy range", left(MousePress, 0, 500), mouseAll3, want{"\x1b[<0;1;501M", ""}},
		{"negative coordinate", left(MousePress, -1, 0), mouseNever, want{}},
	}
	levels := []MouseTracking{MouseOff, MouseNormal, MouseButton, MouseAny}
	for _, tc := range cases {
		for _, level := range levels {
			for _, sgr := range []bool{true, false} {
				m := Modes{Mouse: level, MouseSGR: sgr}
				exp := ""
				if tc.level[level] {
					exp = tc.want.legacy
					if sgr {
						exp = tc.want.sgr
					}
				}
				got := EncodeMouse(tc.ev, m)
				if string(got) != exp {
					t.Errorf("%s, level %d, sgr %v: got %q, want %q", tc.name, level, sgr, got, exp)
				}
				if exp == "" && got != nil {
					t.Errorf("%s, level %d, sgr %v: got empty non-nil slice", tc.name, level, sgr)
				}
			}
		}
	}
}

var (
	mouseAll3         = map[MouseTracking]bool{MouseNormal: true, MouseButton: true, MouseAny: true}
	mouseButtonAndAny = map[MouseTracking]bool{MouseButton: true, MouseAny: true}
	mouseAnyOnly      = map[MouseTracking]bool{MouseAny: true}
	mouseNever        = map[MouseTracking]bool{}
)

func TestEncodeFocus(t *testing.T) {
	cases := []struct {
		in   bool
		m    Modes
		want string
	}{
		{true, Modes{FocusEvents: true}, "\x1b[I"},
		{false, Modes{FocusEvents: true}, "\x1b[O"},
		{true, Modes{}, ""},
		{false, Modes{}, ""},
	}
	for _, tc := range cases {
		got := EncodeFocus(tc.in, tc.m)
		if string(got) != tc.want || (tc.want == "" && got != nil) {
			t.Errorf("EncodeFocus(%v, %+v) = %q, want %q", tc.in, tc.m, got, tc.want)
		}
	}
}
