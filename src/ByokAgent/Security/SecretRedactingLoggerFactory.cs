using Microsoft.Extensions.Logging;

namespace ByokAgent.Security;

/// <summary>
/// Wraps a logger factory so that every line written through it, message and exception alike, has the given secrets
/// masked. Given to third-party components (Semantic Kernel logs a failing function's exception verbatim).
/// </summary>
/// <remarks>Structured state is flattened to the formatted message: the price of a guarantee that no field carries a key.</remarks>
internal sealed class SecretRedactingLoggerFactory(ILoggerFactory inner, IReadOnlyCollection<string> secrets) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), secrets);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The inner factory belongs to the application, which disposes it.
    public void Dispose()
    {
    }

    private sealed class RedactingLogger(ILogger inner, IReadOnlyCollection<string> secrets) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(SecretRedactor.Redact(state.ToString(), secrets));

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = SecretRedactor.Redact(formatter(state, exception), secrets);
            var safeException = exception is null ? null : RedactedException.From(exception, secrets);
            inner.Log(logLevel, eventId, message, safeException, static (text, _) => text);
        }
    }
}
