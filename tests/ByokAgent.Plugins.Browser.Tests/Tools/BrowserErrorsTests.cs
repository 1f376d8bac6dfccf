using ByokAgent.Files;
using Microsoft.Playwright;

namespace ByokAgent.Plugins.Browser.Tests.Tools;

public sealed class BrowserErrorsTests
{
    [Theory]
    [InlineData("net::ERR_NAME_NOT_RESOLVED at https://nowhere.example/", "Could not load the page: the host name could not be found (net::ERR_NAME_NOT_RESOLVED).")]
    [InlineData("net::ERR_CONNECTION_REFUSED at http://example.com/\nCall log:\n  - navigating", "Could not load the page: the server refused the connection (net::ERR_CONNECTION_REFUSED).")]
    [InlineData("net::ERR_CERT_AUTHORITY_INVALID at https://self-signed.example/", "Could not load the page: the site's TLS certificate is not valid (net::ERR_CERT_AUTHORITY_INVALID).")]
    public void Describe_NetworkError_SaysWhatItMeans(string message, string expected) =>
        BrowserErrors.Describe(new PlaywrightException(message)).Should().Be(expected);

    [Fact]
    public void Describe_PlaywrightTimeout_KeepsOnlyTheFirstLine() =>
        BrowserErrors.Describe(new TimeoutException("Timeout 3000ms exceeded.\nCall log:\n  - waiting for locator")).Should().Be("Timed out: Timeout 3000ms exceeded.");

    [Fact]
    public void Describe_ClosedTarget_SuggestsCallingAgain() =>
        BrowserErrors.Describe(new PlaywrightException("Target page, context or browser has been closed")).Should().StartWith("The tab or the browser closed while working");

    [Fact]
    public void Describe_FileStoreRefusal_SaysTheFileWasNotSaved() =>
        BrowserErrors.Describe(new FileQuotaExceededException("The project would exceed its 100 MiB quota.")).Should().Be("Could not save the file: The project would exceed its 100 MiB quota.");

    [Fact]
    public void Describe_ToolException_IsItsMessage() =>
        BrowserErrors.Describe(new BrowserToolException("No element with ref e9.")).Should().Be("No element with ref e9.");
}
