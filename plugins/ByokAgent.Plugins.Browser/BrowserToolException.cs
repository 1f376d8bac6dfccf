namespace ByokAgent.Plugins.Browser;

/// <summary>A browser tool could not do what was asked; the message is written for the model to read and act on.</summary>
/// <remarks>Never leaves the plugin: the tool boundary returns the message as the tool's result.</remarks>
internal sealed class BrowserToolException : Exception
{
    public BrowserToolException(string message)
        : base(message)
    {
    }

    public BrowserToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
