using System.Text;

namespace WinBack.Core.Text
{
    /// <summary>
    /// Makes text that did not come from WinBack safe to quote in a message: what a user typed (a policy's JSON, a
    /// remediation's title) or what another component said. Dataverse shows refusals as plain text, but some clients put
    /// them into a page, so angle brackets never reach a message as markup, control characters become spaces, and
    /// length is capped.
    /// </summary>
    public static class PlainText
    {
        /// <summary>The longest quoted text kept in a message.</summary>
        public const int MaxLength = 1000;

        public static string Of(string? text, int maxLength = MaxLength)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            var plain = new StringBuilder(text!.Length);
            foreach (var c in text)
            {
                if (plain.Length >= maxLength) return plain.Append('…').ToString();
                switch (c)
                {
                    case '<': plain.Append('‹'); break;
                    case '>': plain.Append('›'); break;
                    default: plain.Append(char.IsControl(c) ? ' ' : c); break;
                }
            }
            return plain.ToString();
        }
    }
}
