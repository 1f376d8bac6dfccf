using System.ComponentModel.DataAnnotations;

namespace ByokAgent.Providers.Validation;

/// <summary>How configs are validated on save, bound from <c>ByokAgent:Validation</c>.</summary>
public sealed class ModelValidationOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "ByokAgent:Validation";

    /// <summary>Time allowed for each validation request. Default 20 s: a user is waiting at a prompt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);
}
