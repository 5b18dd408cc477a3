/** The commands a messenger's command menu lists, in order; each is described by the locale message `command-<name>`. */
export const menuCommands = ['start', 'catalog', 'cart', 'orders', 'help', 'cancel', 'mydata', 'forget'] as const;
