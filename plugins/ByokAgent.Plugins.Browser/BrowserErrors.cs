using ByokAgent.Files;
using Microsoft.Playwright;

namespace ByokAgent.Plugins.Browser;

/// <summary>Turns what Playwright and the plugin throw into one short sentence a model can act on.</summary>
internal static class BrowserErrors
{
    // Chromium's network error codes, as Playwright reports them ("net::ERR_NAME_NOT_RESOLVED at https://…").
    private static readonly (string Code, string Meaning)[] NetworkErrors =
    [
        ("ERR_NAME_NOT_RESOLVED", "the host name could not be found"),
        ("ERR_CONNECTION_REFUSED", "the server refused the connection"),
        ("ERR_CONNECTION_RESET", "the connection was reset"),
        ("ERR_CONNECTION_CLOSED", "the server closed the connection"),
        ("ERR_CONNECTION_TIMED_OUT", "the connection timed out"),
        ("ERR_TIMED_OUT", "the connection timed out"),
        ("ERR_TUNNEL_CONNECTION_FAILED", "the connection could not be made"),
        ("ERR_EMPTY_RESPONSE", "the server sent an empty response"),
        ("ERR_TOO_MANY_REDIRECTS", "the page redirects too many times"),
        ("ERR_CERT_", "the site's TLS certificate is not valid"),
        ("ERR_SSL_", "the secure connection failed"),
        ("ERR_UNSAFE_PORT", "the browser does not connect to that port"),
        ("ERR_INVALID_URL", "the address is not a valid URL"),
        ("ERR_ABORTED", "the page load was aborted"),
    ];

    /// <summary>The sentence for the model.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        BrowserToolException tool => tool.Message,
        FileStoreException file => $"Could not save the file: {file.Message}",
        TimeoutException timeout => $"Timed out: {FirstLine(timeout.Message)}",
        PlaywrightException playwright when IsClosed(playwright) =>
            "The tab or the browser closed while working (the page may have crashed). Call the tool again; browser_tabs lists the open tabs.",
        PlaywrightException playwright => NetworkError(playwright.Message) ?? $"The browser reported: {FirstLine(playwright.Message)}",
        ObjectDisposedException => "The browser is shutting down.",
        _ => $"The browser tool failed ({exception.GetType().Name}): {FirstLine(exception.Message)}",
    };

    /// <summary>The meaning of a Chromium network error in <paramref name="message"/>, with its code; <see langword="null"/> if there is none.</summary>
    public static string? NetworkError(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var (code, meaning) in NetworkErrors)
        {
            var at = message.IndexOf(code, StringComparison.Ordinal);
            if (at >= 0)
            {
                var start = at >= 5 && message.AsSpan(at - 5, 5).SequenceEqual("net::") ? at - 5 : at;
                var end = message.IndexOfAny([' ', '\n'], at);
                return $"Could not load the page: {meaning} ({message[start..(end < 0 ? message.Length : end)]}).";
            }
        }

        return null;
    }

    /// <summary>The first line of a message: Playwright appends call logs after it.</summary>
    public static string FirstLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var trimmed = message.Trim();
        var end = trimmed.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? trimmed : trimmed[..end];
        return line.Length > 300 ? string.Concat(line.AsSpan(0, 300), "…") : line;
    }

    private static bool IsClosed(PlaywrightException exception) =>
        exception.Message.Contains("has been closed", StringComparison.OrdinalIgnoreCase)
        || exception.Message.Contains("Target crashed", StringComparison.OrdinalIgnoreCase)
        || exception.Message.Contains("Browser closed", StringComparison.OrdinalIgnoreCase);
}
