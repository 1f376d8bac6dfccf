using System.Text;

namespace ByokAgent.Cli.Repl;

/// <summary>
/// The prompt's line editor on a terminal: arrows, Home/End, Backspace/Delete, Ctrl+U, Up/Down through the input
/// history (kept across restarts). Ctrl+C clears the line, or at an empty prompt warns and then exits; Ctrl+D at an
/// empty prompt exits.
/// </summary>
/// <remarks>
/// Ctrl+C is read as a key while editing (<see cref="Console.TreatControlCAsInput"/>), so no read is left blocked on
/// the terminal when the REPL ends; during a turn it is a signal again, which <see cref="Interrupts"/> turns into a
/// cancellation.
/// Hand-written: <see cref="Console.ReadLine"/> has no history, and the one served line-editing package (RadLine 0.6.0)
/// is a preview that owns Ctrl+C itself, which the turn cancellation needs.
/// </remarks>
internal sealed class LineEditor(ReplConsole console)
{
    private readonly StringBuilder _text = new();
    private bool _exitArmed;
    private int _position;
    private int _left;
    private int _top;
    private string _prompt = string.Empty;

    /// <summary>The line typed, or <see langword="null"/> when the user asked to leave.</summary>
    public string? ReadLine(string prompt, IReadOnlyList<string> history)
    {
        Console.TreatControlCAsInput = true;
        try
        {
            return Edit(prompt, history);
        }
        finally
        {
            Console.TreatControlCAsInput = false;
        }
    }

    private string? Edit(string prompt, IReadOnlyList<string> history)
    {
        _prompt = prompt;
        Start();
        var recalled = history.Count;
        var draft = string.Empty;
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            var control = key.Modifiers.HasFlag(ConsoleModifiers.Control);
            if (!(control && key.Key == ConsoleKey.C))
            {
                _exitArmed = false;
            }

            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    MoveTo(_text.Length);
                    console.Out.WriteLine();
                    return _text.ToString();
                case ConsoleKey.C when control:
                    if (_text.Length == 0 && _exitArmed)
                    {
                        console.Out.WriteLine();
                        return null;
                    }

                    MoveTo(_text.Length);
                    console.Out.WriteLine(console.Dim(_text.Length == 0 ? "(Ctrl+C again to exit, or type /exit)" : "^C"));
                    _exitArmed = _text.Length == 0;
                    Start();
                    break;
                case ConsoleKey.D when control:
                    if (_text.Length == 0)
                    {
                        console.Out.WriteLine();
                        return null;
                    }

                    Delete(_position);
                    break;
                case ConsoleKey.U when control:
                    Replace(string.Empty);
                    break;
                case ConsoleKey.A when control:
                case ConsoleKey.Home:
                    MoveTo(0);
                    break;
                case ConsoleKey.E when control:
                case ConsoleKey.End:
                    MoveTo(_text.Length);
                    break;
                case ConsoleKey.LeftArrow:
                    MoveTo(Math.Max(0, _position - 1));
                    break;
                case ConsoleKey.RightArrow:
                    MoveTo(Math.Min(_text.Length, _position + 1));
                    break;
                case ConsoleKey.Backspace when _position > 0:
                    Delete(_position - 1);
                    break;
                case ConsoleKey.Delete:
                    Delete(_position);
                    break;
                case ConsoleKey.UpArrow when recalled > 0:
                    if (recalled == history.Count)
                    {
                        draft = _text.ToString();
                    }

                    Replace(history[--recalled]);
                    break;
                case ConsoleKey.DownArrow when recalled < history.Count:
                    recalled++;
                    Replace(recalled == history.Count ? draft : history[recalled]);
                    break;
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        Insert(key.KeyChar);
                    }

                    break;
            }
        }
    }

    private void Start()
    {
        _text.Clear();
        _position = 0;
        console.Out.Write(_prompt);
        (_left, _top) = Console.GetCursorPosition();
    }

    private void Insert(char c)
    {
        _text.Insert(_position, c);
        _position++;
        if (_position == _text.Length)
        {
            // Typing at the end, the common case: one character out, no redraw.
            console.Out.Write(c);
            KeepStartOnScreen();
        }
        else
        {
            Redraw();
        }
    }

    private void Delete(int index)
    {
        if (index < _text.Length)
        {
            _text.Remove(index, 1);
            _position = index;
            Redraw();
        }
    }

    private void Replace(string text)
    {
        _text.Clear().Append(text.ReplaceLineEndings(" "));
        _position = _text.Length;
        Redraw();
    }

    private void Redraw()
    {
        Console.SetCursorPosition(_left, _top);
        console.Out.Write(_text.ToString());
        console.Out.Write("\u001b[J");
        KeepStartOnScreen();
        MoveTo(_position);
    }

    // Text that wraps past the last row scrolls the screen: the line's start moves up with it.
    private void KeepStartOnScreen()
    {
        var width = Math.Max(1, Console.WindowWidth);
        var lastRow = _top + ((_left + _text.Length) / width);
        var overflow = lastRow - (Console.WindowHeight - 1);
        if (overflow > 0)
        {
            _top = Math.Max(0, _top - overflow);
        }
    }

    private void MoveTo(int position)
    {
        _position = position;
        var width = Math.Max(1, Console.WindowWidth);
        var offset = _left + position;
        Console.SetCursorPosition(offset % width, Math.Min(Console.WindowHeight - 1, _top + (offset / width)));
    }
}
