namespace ByokAgent.Cli.Repl;

/// <summary>
/// Ctrl+C in the REPL: during a turn it cancels the turn only; at the prompt the first press warns and a second one
/// (with no input in between) asks the REPL to exit.
/// </summary>
internal sealed class Interrupts : IDisposable
{
    private readonly ReplConsole _console;
    private readonly CancellationTokenSource _exit = new();
    private readonly Lock _lock = new();
    private CancellationTokenSource? _turn;
    private bool _exitArmed;

    public Interrupts(ReplConsole console)
    {
        _console = console;
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    /// <summary>Fires when the user pressed Ctrl+C twice at the prompt.</summary>
    public CancellationToken ExitRequested => _exit.Token;

    /// <summary>A token for one turn, cancelled by the next Ctrl+C; end it with <see cref="EndTurn"/>.</summary>
    public CancellationToken BeginTurn()
    {
        lock (_lock)
        {
            _turn = new CancellationTokenSource();
            _exitArmed = false;
            return _turn.Token;
        }
    }

    public void EndTurn()
    {
        lock (_lock)
        {
            _turn?.Dispose();
            _turn = null;
        }
    }

    /// <summary>The user typed something: a later Ctrl+C warns again before exiting.</summary>
    public void InputReceived()
    {
        lock (_lock)
        {
            _exitArmed = false;
        }
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        EndTurn();
        _exit.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        lock (_lock)
        {
            if (_turn is { } turn)
            {
                turn.Cancel();
                return;
            }

            if (_exitArmed)
            {
                _exit.Cancel();
                return;
            }

            _exitArmed = true;
        }

        _console.Error.WriteLine();
        _console.Status("(Ctrl+C again to exit, or type /exit)");
    }
}
