/**
 * The test card numbers that specs plant (4111 1111 1111 1111, 5555 5555 5555 4444), as a
 * pattern that finds either in any spacing: what an answer, a log or a stored item must never
 * hold. Not a bare "4111": the random UUIDs in answers and logs (correlation ids, request ids,
 * session GUIDs) hold such a run of hex digits about once in 1,500, which failed a run.
 */
export const PLANTED_CARD_NUMBER = /4111\D{0,3}1111\D{0,3}1111\D{0,3}1111|5555\D{0,3}5555\D{0,3}5555\D{0,3}4444/;
