// api/examples/features/support/fairwire.mjs
import 'fairwire/cucumber';
