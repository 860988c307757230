// The forms area's strings in the four shipped languages.
import en from "../../strings/forms.en.json";
import de from "../../strings/forms.de.json";
import fr from "../../strings/forms.fr.json";
import es from "../../strings/forms.es.json";
import type { Resources } from "../../shared/i18n";

export type FormsKey = keyof typeof en;
export const formsStrings: Resources<FormsKey> = { en, de, fr, es };
