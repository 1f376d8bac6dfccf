using System.ComponentModel.DataAnnotations;

namespace ByokAgent.Usage;

/// <summary>Prices for cost estimates and the projects' budgets, bound from <c>ByokAgent:Usage</c>.</summary>
/// <example>
/// <code>
/// "Usage": {
///   "Currency": "USD",
///   "Prices": { "gpt-4o-mini": { "InputPerMillion": 0.15, "OutputPerMillion": 0.6, "CachedInputPerMillion": 0.075 } },
///   "Budgets": { "DailyTokens": 2000000, "Projects": { "reports": { "MonthlyCost": 25 } } }
/// }
/// </code>
/// </example>
public sealed class UsageOptions : IValidatableObject
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "ByokAgent:Usage";

    /// <summary>The currency the prices (and so the cost estimates and cost budgets) are in; a label only. Default <c>USD</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z]{3}$", ErrorMessage = "ByokAgent:Usage:Currency must be a three-letter currency code.")]
    public string Currency { get; set; } = "USD";

    /// <summary>
    /// Prices per million tokens, keyed by model (<c>gpt-4o-mini</c>) or provider and model (<c>openai/gpt-4o-mini</c>,
    /// which wins over the model alone). Keys are case-insensitive. A model without a price has no cost estimate.
    /// </summary>
    public IDictionary<string, ModelPrice> Prices { get; } = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Token and cost budgets: the default for every project, and overrides per project.</summary>
    public BudgetOptions Budgets { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Data annotations do not look inside dictionaries or nested objects; each entry is checked here, by its key.
        foreach (var (key, price) in Prices)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Trim().StartsWith('/') || key.Trim().EndsWith('/'))
            {
                yield return new ValidationResult($"ByokAgent:Usage:Prices has an invalid key '{key}': use 'model' or 'provider/model'.");
            }

            foreach (var failure in Check(price, $"ByokAgent:Usage:Prices:{key}"))
            {
                yield return failure;
            }
        }

        foreach (var failure in Check(Budgets.Default, "ByokAgent:Usage:Budgets"))
        {
            yield return failure;
        }

        foreach (var (project, limits) in Budgets.Projects)
        {
            foreach (var failure in Check(limits, $"ByokAgent:Usage:Budgets:Projects:{project}"))
            {
                yield return failure;
            }
        }
    }

    private static IEnumerable<ValidationResult> Check(object? value, string path)
    {
        if (value is null)
        {
            yield return new ValidationResult($"{path} is empty.");
            yield break;
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
        foreach (var result in results)
        {
            yield return new ValidationResult($"{path}: {result.ErrorMessage}", result.MemberNames);
        }
    }
}
